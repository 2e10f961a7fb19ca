/**
 * Email replies through SMTP, threaded into the customer's conversation.
 */
package io.tributary.notification.delivery.email;
