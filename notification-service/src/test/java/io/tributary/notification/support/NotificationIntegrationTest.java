package io.tributary.notification.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tributary.events.TributaryEvent;
import io.tributary.infra.FreePorts;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.notification.support.HttpPeer.Answer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.tributary.events.serde.EventOrBytesSerializer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The notification service's test context, shared by every test class that extends this
 * one: the real broker and Redis, a real SMTP server (GreenMail) and a real HTTP peer
 * standing in for Twilio, Meta and two chat webhooks (one of them always failing), all
 * started once per test JVM.
 */
@WithKafkaAndRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class NotificationIntegrationTest {

	public static final String TWILIO_PATH = "/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json";

	public static final String OPS_HOOK = "/hooks/ops";

	public static final String BROKEN_HOOK = "/hooks/broken";

	protected static final Duration WAIT = Duration.ofSeconds(30);

	protected static final GreenMail SMTP = new GreenMail(
			new ServerSetup(FreePorts.find(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
		.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

	protected static final HttpPeer PEER = new HttpPeer()
		.answer(TWILIO_PATH, Answer.of(201, "{\"sid\":\"SM00000000000000000000000000000001\",\"status\":\"queued\"}"))
		.answer(OPS_HOOK, Answer.of(200, ""))
		.answer(BROKEN_HOOK, Answer.of(500, "{\"error\":\"webhook down\"}"));

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	static {
		SMTP.start();
	}

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void peers(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
		registry.add("tributary.notification.whatsapp.twilio.base-url", PEER::baseUrl);
		registry.add("tributary.notification.alerts.webhooks[0].name", () -> "broken");
		registry.add("tributary.notification.alerts.webhooks[0].url", () -> PEER.baseUrl() + BROKEN_HOOK);
		registry.add("tributary.notification.alerts.webhooks[1].name", () -> "ops");
		registry.add("tributary.notification.alerts.webhooks[1].url", () -> PEER.baseUrl() + OPS_HOOK);
	}

	protected HttpResponse<String> call(String method, String path, String apiKey) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(WAIT)
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (apiKey != null) {
			request.header("X-API-Key", apiKey);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	protected static void publish(SharedInfrastructure infrastructure, String topic, String key,
			TributaryEvent... events) throws Exception {
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers()),
				new StringSerializer(), new EventOrBytesSerializer())) {
			for (TributaryEvent event : events) {
				producer.send(new ProducerRecord<>(topic, key, event)).get(30, TimeUnit.SECONDS);
			}
		}
	}

}
