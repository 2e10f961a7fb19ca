package io.tributary.notification.delivery.whatsapp;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import io.tributary.events.Channel;
import io.tributary.events.EventMetadata;
import io.tributary.events.reply.ReplyKind;
import io.tributary.events.reply.ReplyPrepared;
import io.tributary.infra.FreePorts;
import io.tributary.notification.delivery.DeliveryException;
import io.tributary.notification.delivery.ReplyChannel;
import io.tributary.notification.support.HttpPeer;
import io.tributary.notification.support.HttpPeer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Each provider's API as the provider documents it, checked on the wire against a real
 * local HTTP server: the exact request, and how each kind of answer is classified.
 */
class WhatsAppProvidersTests {

	private static final String META_PATH = "/v21.0/106540352242922/messages";

	private static final String TWILIO_PATH = "/2010-04-01/Accounts/AC123/Messages.json";

	private final HttpPeer peer = new HttpPeer();

	@AfterEach
	void closePeer() {
		this.peer.close();
	}

	@Test
	void twilioGetsAFormPostWithBasicAuthAndTheWhatsAppPrefix() throws Exception {
		this.peer.answer(TWILIO_PATH, Answer.of(201, "{\"sid\":\"SM42\",\"status\":\"queued\"}"));

		String sid = twilio(this.peer.baseUrl()).send("+31612345678", "Hello Ana & co, 100% sorted?");

		assertThat(sid).isEqualTo("SM42");
		HttpPeer.Request request = this.peer.requests((r) -> true).get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo(TWILIO_PATH);
		assertThat(request.headers().get("content-type")).startsWith("application/x-www-form-urlencoded");
		assertThat(request.headers().get("authorization"))
			.isEqualTo("Basic " + Base64.getEncoder().encodeToString("AC123:secret".getBytes(StandardCharsets.UTF_8)));
		assertThat(request.body()).isEqualTo(
				"To=whatsapp%3A%2B31612345678&From=whatsapp%3A%2B14155550000&Body=Hello+Ana+%26+co%2C+100%25+sorted%3F");
	}

	@Test
	void metaGetsABearerTokenAndATextMessageToTheDigitsOfTheNumber() throws Exception {
		this.peer.answer(META_PATH, Answer.of(200,
				"{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"31612345678\",\"wa_id\":\"31612345678\"}],"
						+ "\"messages\":[{\"id\":\"wamid.HBgLMzE2MTIzNDU2Nzg=\"}]}"));

		String id = meta(this.peer.baseUrl()).send("+31612345678", "Hello \"Ana\"\nLine two");

		assertThat(id).isEqualTo("wamid.HBgLMzE2MTIzNDU2Nzg=");
		HttpPeer.Request request = this.peer.requests((r) -> true).get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo(META_PATH);
		assertThat(request.headers().get("authorization")).isEqualTo("Bearer EAAG-test-token");
		assertThat(request.headers().get("content-type")).startsWith("application/json");
		JsonNode body = JsonMapper.shared().readTree(request.body());
		assertThat(body.get("messaging_product").asString()).isEqualTo("whatsapp");
		assertThat(body.get("recipient_type").asString()).isEqualTo("individual");
		assertThat(body.get("to").asString()).isEqualTo("31612345678");
		assertThat(body.get("type").asString()).isEqualTo("text");
		assertThat(body.get("text").get("body").asString()).isEqualTo("Hello \"Ana\"\nLine two");
		assertThat(body.get("text").get("preview_url").asBoolean()).isFalse();
	}

	@Test
	void rateLimitIsTransientWithTheProvidersRetryAfter() {
		this.peer.answer(META_PATH,
				new Answer(429, "{\"error\":{\"code\":130429}}", Map.of("Retry-After", "7"), false));

		assertThatExceptionOfType(DeliveryException.class)
			.isThrownBy(() -> meta(this.peer.baseUrl()).send("+31612345678", "hi"))
			.satisfies((ex) -> {
				assertThat(ex.isTransient()).isTrue();
				assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(7));
				assertThat(ex.getMessage()).startsWith("Meta answered 429").contains("130429");
			});
	}

	@Test
	void outagesAndRejectedCredentialsAreTransientWhileARefusedMessageIsPermanent() {
		this.peer.script(TWILIO_PATH, Answer.of(503, "{}"), Answer.of(401, "{\"code\":20003}"),
				Answer.of(400, "{\"code\":63016,\"message\":\"outside the 24 hour window\"}"));
		TwilioMessagesApi twilio = twilio(this.peer.baseUrl());

		assertThat(failure(twilio).isTransient()).as("503").isTrue();
		assertThat(failure(twilio).isTransient()).as("401").isTrue();
		DeliveryException refused = failure(twilio);
		assertThat(refused.isTransient()).as("400").isFalse();
		assertThat(refused.getMessage()).contains("63016");
	}

	@Test
	void aRequestSentButNeverAnsweredIsNotRetriedBecauseItMayHaveBeenDelivered() {
		this.peer.answer(TWILIO_PATH, Answer.never());

		DeliveryException failure = failure(twilio(this.peer.baseUrl()));

		assertThat(failure.isTransient()).isFalse();
		assertThat(failure.getMessage()).contains("outcome unknown");
	}

	@Test
	void anUnreachableProviderIsTransient() {
		DeliveryException failure = failure(twilio("http://127.0.0.1:" + FreePorts.find()));

		assertThat(failure.isTransient()).isTrue();
		assertThat(failure.getMessage()).startsWith("Twilio unreachable");
	}

	@Test
	void missingCredentialsStopStartUpWithThePropertyName() {
		WhatsAppProperties properties = new WhatsAppProperties(WhatsAppProperties.Provider.META, Duration.ofSeconds(1),
				Duration.ofSeconds(1), new WhatsAppProperties.Twilio(URI.create(this.peer.baseUrl()), null, null, null),
				new WhatsAppProperties.Meta(URI.create(this.peer.baseUrl()), "v21.0", "106540352242922", ""));

		assertThatIllegalStateException().isThrownBy(() -> new MetaCloudApi(properties))
			.withMessageContaining("tributary.notification.whatsapp.meta.access-token");
	}

	@Test
	void withoutAProviderEveryReplyFailsForGoodSayingWhy() {
		ReplyChannel channel = new WhatsAppConfiguration()
			.whatsAppReplyChannel(properties(this.peer.baseUrl(), WhatsAppProperties.Provider.NONE));
		ReplyPrepared reply = new ReplyPrepared(
				EventMetadata.first("msg-1", Instant.now()).next("rep-msg-1", Instant.now()), "rep-msg-1", "tkt-1",
				"cus-1", "msg-1", Channel.WHATSAPP, "+31612345678", null, "hi", ReplyKind.ANSWER, 0.8, null);

		assertThat(channel.channel()).isEqualTo(Channel.WHATSAPP);
		assertThatExceptionOfType(DeliveryException.class).isThrownBy(() -> channel.deliver(reply))
			.withMessage(
					"no delivery channel configured for WHATSAPP (tributary.notification.whatsapp.provider is none)")
			.satisfies((failure) -> assertThat(failure.isTransient()).isFalse());
	}

	@Test
	void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
		assertThat(ProviderCall.retryAfter("120")).isEqualTo(Duration.ofMinutes(2));
		assertThat(ProviderCall.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
		assertThat(ProviderCall.retryAfter("soon")).isNull();
		assertThat(ProviderCall.retryAfter(null)).isNull();
	}

	private static DeliveryException failure(WhatsAppProvider provider) {
		try {
			provider.send("+31612345678", "hi");
		}
		catch (DeliveryException ex) {
			return ex;
		}
		throw new AssertionError("the send succeeded");
	}

	private static TwilioMessagesApi twilio(String baseUrl) {
		return new TwilioMessagesApi(properties(baseUrl, WhatsAppProperties.Provider.TWILIO));
	}

	private static MetaCloudApi meta(String baseUrl) {
		return new MetaCloudApi(properties(baseUrl, WhatsAppProperties.Provider.META));
	}

	private static WhatsAppProperties properties(String baseUrl, WhatsAppProperties.Provider provider) {
		return new WhatsAppProperties(provider, Duration.ofSeconds(1), Duration.ofSeconds(1),
				new WhatsAppProperties.Twilio(URI.create(baseUrl), "AC123", "secret", "+14155550000"),
				new WhatsAppProperties.Meta(URI.create(baseUrl), "v21.0", "106540352242922", "EAAG-test-token"));
	}

}
