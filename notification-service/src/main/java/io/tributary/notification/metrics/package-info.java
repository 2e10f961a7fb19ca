/**
 * The latest metrics snapshot of every service instance, from
 * {@code notifications.metrics}, served for operators.
 */
package io.tributary.notification.metrics;
