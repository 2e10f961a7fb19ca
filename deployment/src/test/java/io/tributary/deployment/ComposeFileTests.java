package io.tributary.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.events.catalogue.TopicCatalogue;
import io.tributary.events.catalogue.TopicSettings;
import io.tributary.events.catalogue.TopicSpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, the image build and the monitoring files it mounts, checked without
 * Docker against what the services read and listen on.
 */
@SuppressWarnings("unchecked")
class ComposeFileTests {

	private final Map<String, Object> compose = ProjectFiles.yaml("docker-compose.yml");

	private final Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) this.compose
		.get("services");

	@Test
	void infrastructureIsKafkaInKraftModeRedisWithAppendOnlyFileAndMonitoring() {
		assertThat(this.services).containsKeys("kafka", "kafka-init", "redis", "prometheus", "grafana",
				"intake-service", "agent-processor-service", "notification-service");
		Map<String, Object> kafka = this.services.get("kafka");
		assertThat((String) kafka.get("image")).startsWith("apache/kafka:");
		Map<String, Object> kafkaEnvironment = (Map<String, Object>) kafka.get("environment");
		assertThat(kafkaEnvironment.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
		assertThat(kafkaEnvironment).containsKey("KAFKA_CONTROLLER_QUORUM_VOTERS");
		assertThat(kafka).containsKey("healthcheck");
		assertThat((List<String>) this.services.get("redis").get("command")).containsSequence("--appendonly", "yes");
		assertThat(this.services.get("redis")).containsKey("healthcheck");
	}

	@Test
	void servicesAreBuiltFromTheDockerfileAndWaitForTheirDependencies() {
		for (String module : ProjectFiles.SERVICES) {
			Map<String, Object> service = this.services.get(module);
			Map<String, Object> build = (Map<String, Object>) service.get("build");
			assertThat(((Map<String, Object>) build.get("args")).get("SERVICE")).isEqualTo(module);
			assertThat(service.get("image")).isEqualTo("tributary/" + module + ":latest");
			Map<String, Object> dependsOn = (Map<String, Object>) service.get("depends_on");
			assertThat(((Map<String, Object>) dependsOn.get("kafka")).get("condition")).isEqualTo("service_healthy");
			assertThat(((Map<String, Object>) dependsOn.get("redis")).get("condition")).isEqualTo("service_healthy");
			assertThat(((Map<String, Object>) dependsOn.get("kafka-init")).get("condition"))
				.isEqualTo("service_completed_successfully");
			String health = String.join(" ",
					(List<String>) ((Map<String, Object>) service.get("healthcheck")).get("test"));
			assertThat(health).contains("/readyz");
			// Compose's JAVA_TOOL_OPTIONS replaces the image's: keep the same caps.
			assertThat((String) ((Map<String, Object>) service.get("environment")).get("JAVA_TOOL_OPTIONS"))
				.contains("MaxRAMPercentage")
				.contains("-Djdk.nio.maxCachedBufferSize=262144")
				.contains("-Dspring.aot.enabled=true");
		}
		String dockerfile = ProjectFiles.read("Dockerfile");
		assertThat(dockerfile).contains("ARG SERVICE")
			.contains("-jre")
			.contains("extract --layers --application-filename app.jar")
			.contains("USER 10001")
			.contains("MaxRAMPercentage")
			.contains("-Djdk.nio.maxCachedBufferSize=262144")
			.contains("-Dspring.aot.enabled=true")
			.contains("STOPSIGNAL SIGTERM");
		for (String module : ProjectFiles.SERVICES) {
			assertThat(dockerfile).as("the build copies " + module).contains("COPY " + module + "/ " + module + "/");
		}
	}

	@Test
	void portsAndEnvironmentAreOnesTheServicesUse() {
		for (String module : ProjectFiles.SERVICES) {
			ServiceConfiguration configuration = ServiceConfiguration.of(module);
			Map<String, Object> service = this.services.get(module);
			Map<String, Object> environment = (Map<String, Object>) service.get("environment");
			assertThat(environment.get("SERVER_PORT")).isEqualTo(Integer.toString(configuration.port()));
			assertThat((List<String>) service.get("ports"))
				.containsExactly(configuration.port() + ":" + configuration.port());
			List<String> unread = environment.keySet().stream().filter((name) -> !configuration.reads(name)).toList();
			assertThat(unread).as("variables %s does not read", module).isEmpty();
		}
	}

	@Test
	void prometheusScrapesEveryServiceWhereItListens() {
		Map<String, Object> prometheus = ProjectFiles.yaml("deploy/prometheus/prometheus.yml");
		Set<String> targets = new TreeSet<>();
		for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
			assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
			for (Map<String, Object> config : (List<Map<String, Object>>) job.get("static_configs")) {
				targets.addAll((List<String>) config.get("targets"));
			}
		}
		Set<String> expected = new TreeSet<>();
		for (String module : ProjectFiles.SERVICES) {
			expected.add(module + ":" + ServiceConfiguration.of(module).port());
		}
		assertThat(targets).isEqualTo(expected);
	}

	@Test
	void grafanaHasItsDatasourceAndAPipelineDashboard() {
		Map<String, Object> datasources = ProjectFiles.yaml("deploy/grafana/provisioning/datasources/prometheus.yml");
		Map<String, Object> datasource = ((List<Map<String, Object>>) datasources.get("datasources")).get(0);
		assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
		JsonNode dashboard = JsonMapper.shared()
			.readTree(ProjectFiles.read("deploy/grafana/dashboards/tributary-pipeline.json"));
		List<String> queries = new ArrayList<>();
		dashboard.get("panels")
			.forEach((panel) -> panel.get("targets").forEach((target) -> queries.add(target.get("expr").asString())));
		assertThat(String.join("\n", queries)).contains("kafka_consumer_fetch_manager_records_consumed_total")
			.contains("kafka_consumer_fetch_manager_records_lag_max")
			.contains("tributary_dead_letters_total")
			.contains("tributary_pipeline_reply_latency_seconds_bucket")
			.contains("http_server_requests_seconds_count");
	}

	@Test
	void theTopicScriptCreatesExactlyTheCatalogue() {
		String script = ProjectFiles.read("deploy/compose/create-topics.sh");
		Matcher settings = Pattern
			.compile("PARTITIONS=(\\d+)\\s+REPLICATION_FACTOR=(\\d+)\\s+MIN_INSYNC_REPLICAS=(\\d+)")
			.matcher(script);
		assertThat(settings.find()).isTrue();
		TopicSettings local = new TopicSettings(Integer.parseInt(settings.group(1)),
				Short.parseShort(settings.group(2)), Integer.parseInt(settings.group(3)));
		Map<String, String> created = new java.util.TreeMap<>();
		Matcher create = Pattern.compile("(?m)^create (\\S+) (\\d+)$").matcher(script);
		while (create.find()) {
			created.put(create.group(1), create.group(2));
		}
		Map<String, String> expected = new java.util.TreeMap<>();
		for (TopicSpec spec : TopicCatalogue.specs(local)) {
			expected.put(spec.name(), spec.config().get("retention.ms"));
			assertThat(spec.config()).containsEntry("min.insync.replicas", settings.group(3))
				.containsEntry("cleanup.policy", "delete")
				.containsEntry("unclean.leader.election.enable", "false");
		}
		assertThat(created).isEqualTo(expected);
		assertThat(script).contains("--config cleanup.policy=delete")
			.contains("--config unclean.leader.election.enable=false");
		Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) this.compose
			.get("x-service-environment"));
		assertThat(environment.get("TRIBUTARY_TOPICS_PARTITIONS")).isEqualTo(settings.group(1));
	}

}
