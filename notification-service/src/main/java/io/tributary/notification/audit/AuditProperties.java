package io.tributary.notification.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The audit store.
 *
 * @param retention how long entries stay queryable (longer than the audit topic keeps
 * them, so the store is the record of longer standing)
 * @param maxResults the most entries one query returns
 * @param batchWait how long the audit consumer lets the broker hold a fetch until
 * {@code batchSize} has arrived: each poll batch is one Kafka transaction, and the audit
 * trail is not on any customer's path, so it trades this much delay for far fewer
 * transactions
 * @param batchSize how much audit data a fetch waits for, at most {@code batchWait}
 */
@ConfigurationProperties("tributary.notification.audit")
public record AuditProperties(@DefaultValue("400d") Duration retention, @DefaultValue("1000") int maxResults,
		@DefaultValue("500ms") Duration batchWait, @DefaultValue("256KB") DataSize batchSize) {

}
