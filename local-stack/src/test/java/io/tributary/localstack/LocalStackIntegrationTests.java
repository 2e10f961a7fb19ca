package io.tributary.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.tributary.events.catalogue.TopicCatalogue;
import io.tributary.events.catalogue.TopicSpec;
import io.tributary.infra.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher behind the README's run command, for real: broker, Redis, topics and the
 * three service jars built by this same Maven run, each as its own process, all ready;
 * then a clean stop.
 */
class LocalStackIntegrationTests {

	@TempDir
	Path data;

	@Test
	void startsKafkaRedisAndAllThreeServicesReadyThenStopsThem() throws Exception {
		Path project = Path.of("..").toAbsolutePath().normalize();
		List<ServiceDefinition> services = ServiceDefinition.ALL.stream()
			.map((service) -> new ServiceDefinition(service.name(), service.module(), FreePorts.find()))
			.toList();
		LocalStack stack = new LocalStack(
				new LocalStackOptions(project, this.data, FreePorts.find(), FreePorts.find(), services));
		String bootstrap;
		try {
			stack.start();
			bootstrap = stack.serviceEnvironment().get("SPRING_KAFKA_BOOTSTRAP_SERVERS");

			try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
				Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
				assertThat(topics)
					.containsAll(TopicCatalogue.specs(LocalStack.LOCAL_TOPICS).stream().map(TopicSpec::name).toList());
			}
			HttpClient http = HttpClient.newHttpClient();
			for (ServiceDefinition service : services) {
				HttpResponse<String> readiness = http.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/actuator/health/readiness"))
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(readiness.statusCode()).as(service.module()).isEqualTo(200);
				assertThat(readiness.body()).contains("\"kafka\":{\"status\":\"UP\"}")
					.contains("\"redis\":{\"status\":\"UP\"}");
			}
		}
		finally {
			stack.stop();
		}
		assertThat(Files.exists(this.data.resolve("kafka").resolve("cluster-id"))).isTrue();
		assertThat(Files.readString(this.data.resolve("logs").resolve("intake-service.log")))
			.contains("Started IntakeApplication");
	}

	@Test
	void optionsNameTheirMistakes() {
		Path project = Path.of(".");
		assertThat(LocalStackOptions.parse(new String[] { "--services", "intake,notification" }, project).services())
			.extracting(ServiceDefinition::module)
			.containsExactly("intake-service", "notification-service");
		assertThat(LocalStackOptions.parse(new String[] { "--services", "none" }, project).services()).isEmpty();
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> LocalStackOptions.parse(new String[] { "--kafka-port", "abc" }, project))
			.withMessage("--kafka-port needs a port number, not 'abc'");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> LocalStackOptions.parse(new String[] { "--services", "billing" }, project))
			.withMessageStartingWith("Unknown service 'billing'");
	}

}
