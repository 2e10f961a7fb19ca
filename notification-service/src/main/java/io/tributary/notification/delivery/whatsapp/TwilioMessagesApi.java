package io.tributary.notification.delivery.whatsapp;

import io.tributary.notification.delivery.DeliveryException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * Twilio's Messages API: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json},
 * form-encoded {@code To}, {@code From} and {@code Body} with the {@code whatsapp:}
 * prefix, HTTP Basic with the account SID and auth token; the answer's {@code sid}
 * identifies the message.
 */
class TwilioMessagesApi implements WhatsAppProvider {

	private final RestClient client;

	private final WhatsAppProperties.Twilio twilio;

	TwilioMessagesApi(WhatsAppProperties properties) {
		this.twilio = properties.twilio();
		WhatsAppProperties.required(this.twilio.accountSid(), "twilio.account-sid");
		WhatsAppProperties.required(this.twilio.authToken(), "twilio.auth-token");
		WhatsAppProperties.required(this.twilio.from(), "twilio.from");
		this.client = ProviderCall.client(properties, this.twilio.baseUrl().toString());
	}

	@Override
	public String send(String to, String text) throws DeliveryException {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("To", "whatsapp:" + to);
		form.add("From", "whatsapp:" + this.twilio.from());
		form.add("Body", text);
		String answer = ProviderCall.perform("Twilio",
				() -> this.client.post()
					.uri("/2010-04-01/Accounts/{account}/Messages.json", this.twilio.accountSid())
					.headers((headers) -> headers.setBasicAuth(this.twilio.accountSid(), this.twilio.authToken()))
					.contentType(MediaType.APPLICATION_FORM_URLENCODED)
					.accept(MediaType.APPLICATION_JSON)
					.body(form)
					.retrieve()
					.body(String.class));
		JsonNode sid = JsonMapper.shared().readTree(answer).get("sid");
		return (sid != null) ? sid.asString() : "twilio:unknown";
	}

}
