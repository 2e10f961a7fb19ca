/**
 * Notification service: reply delivery, alerts and the audit trail.
 */
package io.tributary.notification;
