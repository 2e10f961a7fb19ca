package io.tributary.kit.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.events.EventMetadata;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.operations.MetricsSnapshotTaken;
import io.tributary.events.serde.EventSerializer;
import io.tributary.kit.periodic.PeriodicTask;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes this instance's key figures to {@code notifications.metrics} at a fixed
 * interval, keyed by instance. Best effort on its own thread and its own producer: a
 * snapshot that cannot be sent is logged and the next one tries again; it never holds up
 * the service.
 */
public class MetricsSnapshotPublisher implements SmartLifecycle {

	private static final Logger LOG = LoggerFactory.getLogger(MetricsSnapshotPublisher.class);

	private final MeterRegistry registry;

	private final KafkaProperties kafka;

	private final MetricsSnapshotProperties properties;

	private final String service;

	private final String instance;

	private final Clock clock = Clock.systemUTC();

	private PeriodicTask scheduler;

	private KafkaProducer<String, TributaryEvent> producer;

	private long sequence;

	public MetricsSnapshotPublisher(MeterRegistry registry, KafkaProperties kafka, MetricsSnapshotProperties properties,
			String service) {
		this.registry = registry;
		this.kafka = kafka;
		this.properties = properties;
		this.service = service;
		this.instance = (properties.instance() != null && !properties.instance().isBlank()) ? properties.instance()
				: hostName() + "-" + ProcessHandle.current().pid();
	}

	public String instance() {
		return this.instance;
	}

	/**
	 * Publishes only where enabled; the bean exists either way, because an AOT-processed
	 * build cannot create beans by a setting read at deployment.
	 */
	@Override
	public boolean isAutoStartup() {
		return this.properties.enabled();
	}

	@Override
	public synchronized void start() {
		Map<String, Object> config = new HashMap<>(this.kafka.buildProducerProperties());
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
		this.producer = new KafkaProducer<>(config, new StringSerializer(), new EventSerializer());
		this.scheduler = PeriodicTask.start("metrics-snapshots", this.properties.interval(), this::publish);
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.stop();
			this.scheduler = null;
		}
		if (this.producer != null) {
			this.producer.close(Duration.ofSeconds(2));
			this.producer = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	void publish() {
		try {
			Instant now = Instant.now(this.clock);
			String eventId = "metrics-" + this.instance + "-" + now.toEpochMilli() + "-" + (this.sequence++);
			MetricsSnapshotTaken snapshot = new MetricsSnapshotTaken(EventMetadata.first(eventId, now), this.service,
					this.instance, figures());
			this.producer.send(new ProducerRecord<>(Topic.METRICS.topicName(), this.instance, snapshot),
					(metadata, failure) -> {
						if (failure != null) {
							LOG.warn("Metrics snapshot not sent: {}", failure.getMessage());
						}
					});
		}
		catch (RuntimeException ex) {
			LOG.warn("Metrics snapshot not taken: {}", ex.getMessage());
		}
	}

	/**
	 * The included meters' measurements, named {@code meter{tag=value,...}.statistic}, in
	 * a stable order.
	 */
	Map<String, Double> figures() {
		Map<String, Double> figures = new TreeMap<>();
		for (Meter meter : this.registry.getMeters()) {
			String name = meter.getId().getName();
			if (this.properties.meters().stream().noneMatch(name::startsWith)) {
				continue;
			}
			String tags = meter.getId()
				.getTags()
				.stream()
				.filter((tag) -> !tag.getKey().equals("application"))
				.map((tag) -> tag.getKey() + "=" + tag.getValue())
				.collect(Collectors.joining(","));
			String key = name + (tags.isEmpty() ? "" : "{" + tags + "}") + ".";
			for (Measurement measurement : meter.measure()) {
				if (Double.isFinite(measurement.getValue())) {
					figures.merge(key + measurement.getStatistic().getTagValueRepresentation(), measurement.getValue(),
							Double::sum);
				}
			}
		}
		return figures;
	}

	private static String hostName() {
		String host = System.getenv("HOSTNAME");
		if (host != null && !host.isBlank()) {
			return host;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown-host";
		}
	}

}
