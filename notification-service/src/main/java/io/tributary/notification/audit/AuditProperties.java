package io.tributary.notification.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit store.
 *
 * @param retention how long entries stay queryable (longer than the audit topic keeps
 * them, so the store is the record of longer standing)
 * @param maxResults the most entries one query returns
 */
@ConfigurationProperties("tributary.notification.audit")
public record AuditProperties(@DefaultValue("400d") Duration retention, @DefaultValue("1000") int maxResults) {

}
