/**
 * The audit trail: every service's entries from {@code notifications.audit}, stored in
 * Redis indexed by correlation id, ticket and customer, and served read-only.
 */
package io.tributary.notification.audit;
