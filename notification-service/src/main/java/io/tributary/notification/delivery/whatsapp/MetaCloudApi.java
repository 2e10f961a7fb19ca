package io.tributary.notification.delivery.whatsapp;

import java.util.Map;

import io.tributary.notification.delivery.DeliveryException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Meta's WhatsApp Cloud API: {@code POST /{version}/{phone-number-id}/messages} with a
 * bearer token and a JSON text message; the answer's {@code messages[0].id} (a
 * {@code wamid}) identifies it.
 */
class MetaCloudApi implements WhatsAppProvider {

	private final RestClient client;

	private final WhatsAppProperties.Meta meta;

	MetaCloudApi(WhatsAppProperties properties) {
		this.meta = properties.meta();
		WhatsAppProperties.required(this.meta.phoneNumberId(), "meta.phone-number-id");
		WhatsAppProperties.required(this.meta.accessToken(), "meta.access-token");
		this.client = ProviderCall.client(properties, this.meta.baseUrl().toString());
	}

	@Override
	public String send(String to, String text) throws DeliveryException {
		// The Cloud API takes the number as digits with the country code, no plus.
		Map<String, Object> message = Map.of("messaging_product", "whatsapp", "recipient_type", "individual", "to",
				to.startsWith("+") ? to.substring(1) : to, "type", "text", "text",
				Map.of("preview_url", false, "body", text));
		String answer = ProviderCall.perform("Meta",
				() -> this.client.post()
					.uri("/{version}/{phoneNumberId}/messages", this.meta.apiVersion(), this.meta.phoneNumberId())
					.headers((headers) -> headers.setBearerAuth(this.meta.accessToken()))
					.contentType(MediaType.APPLICATION_JSON)
					.accept(MediaType.APPLICATION_JSON)
					.body(JsonMapper.shared().writeValueAsString(message))
					.retrieve()
					.body(String.class));
		JsonNode id = JsonMapper.shared().readTree(answer).path("messages").path(0).get("id");
		return (id != null) ? id.asString() : "meta:unknown";
	}

}
