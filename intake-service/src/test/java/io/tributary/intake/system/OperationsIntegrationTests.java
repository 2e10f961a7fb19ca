package io.tributary.intake.system;

import java.net.http.HttpResponse;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.intake.IntakeHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What operators and integrators rely on: 503 with Retry-After while Kafka is away, 429
 * from the rate limit, the OpenAPI document, and the intake metrics.
 */
@WithKafkaAndRedis
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperationsIntegrationTests {

	private static final String FORM = "/api/v1/channels/web-form/messages";

	@LocalServerPort
	private int port;

	private IntakeHttp http;

	@Autowired
	private WebServerApplicationContext context;

	@Autowired
	private LettuceConnectionFactory redis;

	@BeforeEach
	void client() {
		this.http = new IntakeHttp(this.port);
	}

	@Test
	void kafkaUnavailableAnswers503WithinTheBoundAndAcceptsAgainWhenItIsBack(SharedInfrastructure infrastructure,
			CapturedOutput output) throws Exception {
		String email = "outage-" + UUID.randomUUID() + "@example.com";
		infrastructure.kafka().stop();
		try {
			long started = System.nanoTime();
			HttpResponse<String> whileDown = this.http.postJson(FORM, form(email), Map.of());
			long elapsedMs = (System.nanoTime() - started) / 1_000_000;

			assertThat(whileDown.statusCode()).isEqualTo(503);
			assertThat(whileDown.headers().firstValue("Retry-After")).contains("3");
			assertThat(IntakeHttp.json(whileDown).has("messageId")).isFalse();
			// The configured bound in this test is 2 s
			// (tributary.intake.publishing.timeout); the request must end near it, never
			// hang.
			assertThat(elapsedMs).isBetween(1000L, 6000L);

			// The failed send is logged when the producer expires the record, just after
			// the 503. Kafka stays away until then: a broker back sooner (it restarted in
			// 0.3 s on JDK 25) takes the record, and nothing fails.
			await().atMost(Duration.ofSeconds(15))
				.until(() -> output.getAll().contains("Send to ingestion.raw.messages"));
		}
		finally {
			infrastructure.kafka().start();
		}
		// ... but never with the customer's address or message (personal data).
		assertThat(output.getAll()).doesNotContain(email);

		HttpResponse<String> afterwards = this.http.postJson(FORM, form("back-" + UUID.randomUUID() + "@example.com"),
				Map.of());
		assertThat(afterwards.statusCode()).isEqualTo(202);
	}

	@Test
	void openConnectionsAreBoundedSoOverloadCannotExhaustTheHeap() {
		// Tomcat's default of 8,192 connections took a 128 MB heap out of memory under
		// overload; with 1,000 open it held 37 MB of byte arrays (docs/BENCHMARKS.md).
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		assertThat(server.getTomcat().getConnector().getProperty("maxConnections")).isEqualTo(256);
	}

	@Test
	void requestWorkersAreBoundedSoOverloadCannotMultiplyThreads() {
		// Under overload Tomcat's default of 200 workers grew intake to 239 threads,
		// for no more throughput on 2 cores (docs/BENCHMARKS.md).
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		assertThat(server.getTomcat().getConnector().getProperty("maxThreads")).isEqualTo(64);
	}

	@Test
	void webFormIsRateLimitedPerSenderWithRetryAfter() throws Exception {
		assertTheFourthSubmissionOfASenderIsLimited();
	}

	@Test
	void theRateLimitHoldsAfterTheRedisClientIsReplaced() throws Exception {
		// Stopped and started, the factory shuts its client down and makes a new one, as
		// in a context restart or when Spring's test framework pauses a cached context.
		this.redis.stop();
		this.redis.start();

		assertTheFourthSubmissionOfASenderIsLimited();
	}

	private void assertTheFourthSubmissionOfASenderIsLimited() throws Exception {
		String email = "eager-" + UUID.randomUUID() + "@example.com";
		for (int i = 0; i < 3; i++) {
			assertThat(this.http.postJson(FORM, form(email), Map.of()).statusCode()).isEqualTo(202);
		}

		HttpResponse<String> limited = this.http.postJson(FORM, form(email), Map.of());

		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After"))
			.hasValueSatisfying((seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 61));
		assertThat(this.http.postJson(FORM, form("other-" + UUID.randomUUID() + "@example.com"), Map.of()).statusCode())
			.isEqualTo(202);
	}

	@Test
	void openApiDocumentsEveryChannelEndpoint() throws Exception {
		HttpResponse<String> response = this.http.get("/v3/api-docs");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode paths = IntakeHttp.json(response).get("paths");
		assertThat(List.of("/api/v1/channels/web-form/messages", "/api/v1/channels/email/sendgrid",
				"/api/v1/channels/email/postmark", "/api/v1/channels/email/mime", "/api/v1/channels/whatsapp/twilio",
				"/api/v1/channels/whatsapp/meta", "/api/v1/messages/{messageId}"))
			.allSatisfy((path) -> assertThat(paths.has(path)).as(path).isTrue());
		assertThat(this.http.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
	}

	@Test
	void intakeMetricsAreScraped() throws Exception {
		this.http.postJson(FORM, form("metrics-" + UUID.randomUUID() + "@example.com"), Map.of());

		String scrape = this.http.get("/actuator/prometheus").body();

		assertThat(scrape).contains("tributary_intake_messages_accepted_total{")
			.contains("channel=\"WEB_FORM\"")
			.contains("tributary_intake_publish_latency_seconds_bucket")
			.contains("http_server_requests_seconds_count{")
			.contains("uri=\"/api/v1/channels/web-form/messages\"");
	}

	private static String form(String email) {
		return "{\"name\":\"Ana\",\"email\":\"" + email + "\",\"subject\":\"s\",\"message\":\"m\"}";
	}

}
