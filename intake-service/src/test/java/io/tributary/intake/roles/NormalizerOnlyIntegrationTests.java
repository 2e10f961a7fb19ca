package io.tributary.intake.roles;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.intake.IntakeHttp;
import io.tributary.intake.normalizer.NormalizerProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The intake-normalizer Deployment's role: it normalizes and takes no channel traffic,
 * even when a request reaches its port, which stays open for probes and metrics.
 */
@WithKafkaAndRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tributary.intake.channels.enabled=false")
class NormalizerOnlyIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Test
	void channelsAndStatusAnswer404WhileTheNormalizerRunsAndTheProbesAnswer() throws Exception {
		IntakeHttp http = new IntakeHttp(this.port);
		HttpResponse<String> form = http.postJson("/api/v1/channels/web-form/messages",
				"{\"name\":\"Ana\",\"email\":\"only-" + UUID.randomUUID()
						+ "@example.com\",\"subject\":\"Refund\",\"message\":\"Where is my refund?\"}",
				Map.of());
		assertThat(form.statusCode()).isEqualTo(404);
		assertThat(form.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = IntakeHttp.json(form);
		assertThat(problem.path("status").asInt()).isEqualTo(404);
		assertThat(problem.path("detail").asString()).contains("tributary.intake.channels.enabled=false");
		assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/channels/web-form/messages");

		assertThat(http
			.post("/api/v1/channels/whatsapp/twilio", "application/x-www-form-urlencoded",
					"From=whatsapp%3A%2B14155550100&Body=hi".getBytes(), Map.of())
			.statusCode()).isEqualTo(404);
		assertThat(http.get("/api/v1/messages/msg-" + UUID.randomUUID()).statusCode()).isEqualTo(404);

		assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(200);
		assertThat(this.listeners.getListenerContainer("intake-normalizer").isRunning()).isTrue();
	}

	@Test
	void anInstanceWithNeitherRoleRefusesToStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new RoleConfiguration(new ChannelProperties(false),
					new NormalizerProperties(false, 2, 10000, 300)))
			.withMessageContaining("no role");
	}

}
