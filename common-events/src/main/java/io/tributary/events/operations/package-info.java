/**
 * Operational events every service emits: alerts, audit entries and metrics snapshots.
 */
package io.tributary.events.operations;
