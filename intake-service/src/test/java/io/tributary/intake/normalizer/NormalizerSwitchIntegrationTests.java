package io.tributary.intake.normalizer;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.intake.IntakeHttp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An intake instance with the normalizer switched off only accepts. The switch is read
 * when the listener would start, not in a bean condition (the service runs AOT-processed,
 * whose conditions are fixed at build time).
 */
@WithKafkaAndRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tributary.intake.normalizer.enabled=false")
class NormalizerSwitchIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Test
	void switchedOffTheNormalizerDoesNotStartAndTheIntakeStillAccepts() throws Exception {
		assertThat(this.listeners.getListenerContainer("intake-normalizer")).isNotNull()
			.satisfies((normalizer) -> assertThat(normalizer.isRunning()).isFalse());

		HttpResponse<String> accepted = new IntakeHttp(this.port).postJson("/api/v1/channels/web-form/messages",
				"{\"name\":\"Ana\",\"email\":\"switch-" + UUID.randomUUID()
						+ "@example.com\",\"subject\":\"Refund\",\"message\":\"Where is my refund?\"}",
				Map.of());
		assertThat(accepted.statusCode()).isEqualTo(202);
	}

}
