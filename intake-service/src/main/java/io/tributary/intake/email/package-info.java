/**
 * Email as providers deliver it: SendGrid Inbound Parse (parsed and raw modes),
 * Postmark's inbound JSON, and raw RFC 822 messages, all read into one
 * {@link io.tributary.intake.email.EmailContent}.
 */
package io.tributary.intake.email;
