package io.tributary.intake.whatsapp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Credentials and addresses of the WhatsApp webhooks. Secrets come from the environment
 * (Kubernetes secrets), never from files in the repository. A webhook whose secret is
 * empty refuses every request.
 *
 * @param twilioAuthToken the Twilio auth token that signs webhooks
 * @param twilioPublicBaseUrl the public URL Twilio calls (scheme, host, port), e.g.
 * behind a reverse proxy; empty means the URL this service sees
 * @param metaAppSecret the Meta app secret that signs webhook bodies
 * @param metaVerifyToken the token configured in Meta's dashboard for the subscription
 * handshake
 */
@ConfigurationProperties("tributary.intake.whatsapp")
public record WhatsAppProperties(@DefaultValue("") String twilioAuthToken, @DefaultValue("") String twilioPublicBaseUrl,
		@DefaultValue("") String metaAppSecret, @DefaultValue("") String metaVerifyToken) {

}
