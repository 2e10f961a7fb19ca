/**
 * WhatsApp through both providers people use: Twilio's webhook (form posts signed with
 * {@code X-Twilio-Signature}) and Meta's WhatsApp Cloud API webhook (subscription
 * handshake, JSON signed with {@code X-Hub-Signature-256}, batched entries and status
 * callbacks).
 */
package io.tributary.intake.whatsapp;
