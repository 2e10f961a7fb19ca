package io.tributary.events.operations;

import java.util.Map;

import io.tributary.events.EventMetadata;
import io.tributary.events.Fields;
import io.tributary.events.TributaryEvent;

/**
 * A service instance's key figures at a moment. Written to {@code notifications.metrics},
 * keyed by instance.
 *
 * @param metadata event metadata
 * @param service the service
 * @param instance the instance (host and port, or pod name)
 * @param metrics figures by name
 */
public record MetricsSnapshotTaken(EventMetadata metadata, String service, String instance,
		Map<String, Double> metrics) implements TributaryEvent {

	public MetricsSnapshotTaken {
		Fields.required(metadata, "metadata");
		Fields.required(service, "service");
		Fields.required(instance, "instance");
		metrics = Fields.map(metrics);
	}

}
