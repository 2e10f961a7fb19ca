package io.tributary.kit.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.junit.WithKafkaAndRedis;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's read endpoint over a real Redis, as the kit's advice answers its failures:
 * data of the wrong type is a 500 that says repeating will not help, Redis stopped is a
 * 503 with {@code Retry-After}, and both are problem details.
 */
@WithKafkaAndRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		classes = RedisProblemsIntegrationTests.ReadingApplication.class, properties = {
				"spring.application.name=kit-test", "tributary.api.open-reads=true", "spring.data.redis.timeout=1s" })
class RedisProblemsIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private StringRedisTemplate redis;

	@Test
	void aKeyOfTheWrongTypeIsAServerErrorAndRedisStoppedIsARetryLater(SharedInfrastructure infrastructure)
			throws Exception {
		String good = "thing-" + UUID.randomUUID();
		String wrong = "thing-" + UUID.randomUUID();
		this.redis.opsForHash().put("thing:{" + good + "}", "name", "a thing");
		this.redis.opsForValue().set("thing:{" + wrong + "}", "not a hash");

		assertThat(get(good).body()).contains("a thing");
		HttpResponse<String> refused = get(wrong);
		assertThat(refused.statusCode()).isEqualTo(500);
		assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
		assertThat(detail(refused)).contains("WRONGTYPE").contains("will not help");

		infrastructure.redis().stop();
		HttpResponse<String> unavailable;
		try {
			unavailable = get(good);
		}
		finally {
			infrastructure.redis().start();
		}
		assertThat(unavailable.statusCode()).isEqualTo(503);
		assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(detail(unavailable)).contains("repeating the request later is safe");
	}

	private HttpResponse<String> get(String id) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/things/" + id))
			.timeout(Duration.ofSeconds(20))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String detail(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = JsonMapper.shared().readTree(response.body());
		return problem.get("detail").asString();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ThingController.class)
	static class ReadingApplication {

	}

	/** A read endpoint as the services have them: a hash per id. */
	@RestController
	static class ThingController {

		private final StringRedisTemplate redis;

		ThingController(StringRedisTemplate redis) {
			this.redis = redis;
		}

		@GetMapping("/api/v1/things/{id}")
		Map<Object, Object> thing(@PathVariable String id) {
			return this.redis.opsForHash().entries("thing:{" + id + "}");
		}

	}

}
