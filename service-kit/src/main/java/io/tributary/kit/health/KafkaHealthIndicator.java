package io.tributary.kit.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP while the Kafka cluster answers a metadata request within the timeout, DOWN
 * otherwise. Spring Boot has no Kafka indicator of its own; this one keeps one admin
 * client for the service's life rather than opening a connection per probe.
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private final Admin admin;

	private final Duration timeout;

	public KafkaHealthIndicator(Map<String, Object> adminConfig, Duration timeout) {
		super("Kafka health check failed");
		Map<String, Object> config = new HashMap<>(adminConfig);
		config.put(AdminClientConfig.CLIENT_ID_CONFIG, "health-check");
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		this.admin = Admin.create(config);
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		DescribeClusterResult cluster = this.admin
			.describeCluster(new DescribeClusterOptions().timeoutMs((int) this.timeout.toMillis()));
		long waitMs = this.timeout.toMillis();
		String clusterId = cluster.clusterId().get(waitMs, TimeUnit.MILLISECONDS);
		int nodes = cluster.nodes().get(waitMs, TimeUnit.MILLISECONDS).size();
		builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(2));
	}

}
