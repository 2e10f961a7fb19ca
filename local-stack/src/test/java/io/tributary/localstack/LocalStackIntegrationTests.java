package io.tributary.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
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
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
		LocalStack stack = new LocalStack(new LocalStackOptions(project, this.data, FreePorts.findPair(),
				FreePorts.find(), FreePorts.find(), services));
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

			// The whole loop across the three processes: an email in, an automatic reply
			// out by SMTP.
			String intake = "http://127.0.0.1:" + services.get(0).port();
			String email = "From: Ana <ana@example.com>\r\nTo: support@tributary.example\r\nSubject: Where is my order?"
					+ "\r\nMessage-ID: <e2e-1@mail.example>\r\n\r\nMy package has not arrived. Can I track the delivery?\r\n";
			HttpResponse<String> accepted = http
				.send(HttpRequest.newBuilder(URI.create(intake + "/api/v1/channels/email/mime"))
					.header("Content-Type", "message/rfc822")
					.POST(HttpRequest.BodyPublishers.ofString(email))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(accepted.statusCode()).isEqualTo(202);
			String statusUrl = intake + JsonMapper.shared().readTree(accepted.body()).get("statusUrl").asString();
			await().atMost(Duration.ofSeconds(90)).until(() -> stack.emailsReceived() >= 1);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> http
					.send(HttpRequest.newBuilder(URI.create(statusUrl)).build(), HttpResponse.BodyHandlers.ofString())
					.body()
					.contains("\"stage\":\"DELIVERED\""));

			// Each service audited its part, under the message's correlation id, and each
			// publishes metrics snapshots; the notification service serves both.
			String notification = "http://127.0.0.1:" + services.get(2).port();
			String correlationId = JsonMapper.shared().readTree(accepted.body()).get("correlationId").asString();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(JsonMapper.shared()
					.readTree(get(http, notification + "/api/v1/audit?correlationId=" + correlationId))
					.get("entries")
					.valueStream()
					.map((entry) -> entry.get("service").asString())
					.distinct())
					.containsExactlyInAnyOrder("intake-service", "agent-processor-service", "notification-service"));
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(JsonMapper.shared()
					.readTree(get(http, notification + "/api/v1/metrics/snapshots"))
					.valueStream()
					.map((snapshot) -> snapshot.get("service").asString())
					.distinct())
					.containsExactlyInAnyOrder("intake-service", "agent-processor-service", "notification-service"));
		}
		finally {
			stack.stop();
		}
		assertThat(Files.exists(this.data.resolve("kafka").resolve("cluster-id"))).isTrue();
		assertThat(Files.readString(this.data.resolve("logs").resolve("intake-service.log")))
			.contains("Started IntakeApplication");
		// The loop above ran on the bean definitions generated at build time, as in the
		// images: a deployment setting read in a bean condition would have been ignored.
		for (ServiceDefinition service : services) {
			assertThat(Files.readString(this.data.resolve("logs").resolve(service.module() + ".log")))
				.as(service.module())
				.contains("Starting AOT-processed");
		}
	}

	private static String get(HttpClient http, String url) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", "local-read-key").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(url).isEqualTo(200);
		return response.body();
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
