package io.tributary.events.operations;

/** How urgent an alert is. */
public enum AlertSeverity {

	INFO, WARNING, CRITICAL

}
