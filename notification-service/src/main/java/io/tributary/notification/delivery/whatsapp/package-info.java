/**
 * WhatsApp replies through the provider chosen by configuration: Twilio's Messages API or
 * Meta's WhatsApp Cloud API.
 */
package io.tributary.notification.delivery.whatsapp;
