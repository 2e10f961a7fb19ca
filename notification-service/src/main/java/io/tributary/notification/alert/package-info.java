/**
 * Alerts from every service ({@code notifications.alerts}) to the configured sinks: the
 * log and Slack-compatible webhooks, throttled per alert key.
 */
package io.tributary.notification.alert;
