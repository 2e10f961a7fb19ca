package io.tributary.kit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every Tributary service promises operators, checked over real HTTP against a
 * service started on a random port with a real broker and Redis. A service's test extends
 * this with {@code @WithKafkaAndRedis @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
public abstract class ServiceContractTests {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Value("${local.server.port}")
	private int port;

	@Value("${spring.application.name}")
	private String applicationName;

	@Test
	void readinessIsUpAndIncludesKafkaAndRedis() throws Exception {
		HttpResponse<String> response = get("/actuator/health/readiness");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = JsonMapper.shared().readTree(response.body());
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
		assertThat(health.get("components").get("redis").get("status").asString()).isEqualTo("UP");
	}

	@Test
	void kubernetesProbePathsAnswer() throws Exception {
		assertThat(get("/livez").statusCode()).isEqualTo(200);
		assertThat(get("/readyz").statusCode()).isEqualTo(200);
	}

	@Test
	void prometheusScrapeIsTaggedWithTheApplication() throws Exception {
		HttpResponse<String> response = get("/actuator/prometheus");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("jvm_memory_used_bytes")
			.contains("application=\"" + this.applicationName + "\"");
	}

	protected HttpResponse<String> get(String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	protected int port() {
		return this.port;
	}

}
