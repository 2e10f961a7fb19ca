package io.tributary.notification.delivery.whatsapp;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which WhatsApp provider delivers replies, and how to reach it. Credentials come from
 * secrets, e.g. {@code TRIBUTARY_NOTIFICATION_WHATSAPP_TWILIO_AUTH_TOKEN}.
 *
 * @param provider {@code none} (WhatsApp replies fail with a reason and an alert),
 * {@code twilio} or {@code meta}
 * @param connectTimeout how long to wait for the provider to accept a connection
 * @param readTimeout how long to wait for its answer once the request is sent
 * @param twilio Twilio's Messages API
 * @param meta Meta's WhatsApp Cloud API
 */
@ConfigurationProperties("tributary.notification.whatsapp")
public record WhatsAppProperties(@DefaultValue("none") Provider provider, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("15s") Duration readTimeout, @DefaultValue Twilio twilio, @DefaultValue Meta meta) {

	/** The providers replies can go through. */
	public enum Provider {

		NONE, TWILIO, META

	}

	/**
	 * Twilio.
	 *
	 * @param baseUrl the API's base URL
	 * @param accountSid the account (also the Basic auth user)
	 * @param authToken the auth token (Basic auth password)
	 * @param from the sender, a WhatsApp-enabled number in E.164
	 */
	public record Twilio(@DefaultValue("https://api.twilio.com") URI baseUrl, String accountSid, String authToken,
			String from) {

	}

	/**
	 * Meta.
	 *
	 * @param baseUrl the Graph API's base URL
	 * @param apiVersion the Graph API version
	 * @param phoneNumberId the business phone number's id
	 * @param accessToken a system user's access token
	 */
	public record Meta(@DefaultValue("https://graph.facebook.com") URI baseUrl,
			@DefaultValue("v21.0") String apiVersion, String phoneNumberId, String accessToken) {

	}

	static String required(String value, String property) {
		if (value == null || value.isBlank()) {
			throw new IllegalStateException("tributary.notification.whatsapp." + property
					+ " must be set for the configured WhatsApp provider");
		}
		return value;
	}

}
