package io.tributary.kit.metrics;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Metrics snapshots.
 *
 * @param enabled whether this instance publishes snapshots
 * @param interval how often
 * @param instance this instance's name, the record key (default: host name and process
 * id; in Kubernetes the host name is the pod name)
 * @param meters name prefixes of the meters included
 */
@ConfigurationProperties("tributary.metrics.snapshots")
public record MetricsSnapshotProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration interval,
		String instance, @DefaultValue( {
				"tributary.", "http.server.requests", "process.uptime", "process.cpu.usage", "jvm.memory.used",
				"kafka.consumer.fetch.manager.records.lag.max" }) List<String> meters){

}
