package io.tributary.notification.audit;

/** What the audit trail can be looked up by. */
enum AuditIndex {

	CORRELATION("correlationId"), TICKET("ticketId"), CUSTOMER("customerId");

	private final String parameter;

	AuditIndex(String parameter) {
		this.parameter = parameter;
	}

	String parameter() {
		return this.parameter;
	}

	/** One sorted set per indexed value, so the store also runs on Redis Cluster. */
	String key(String value) {
		return "audit:" + name().toLowerCase() + ":{" + value + "}";
	}

}
