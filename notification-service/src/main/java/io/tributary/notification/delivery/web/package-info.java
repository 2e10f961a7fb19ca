/**
 * Web replies: kept for the web channel and readable per ticket.
 */
package io.tributary.notification.delivery.web;
