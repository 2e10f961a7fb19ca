package io.tributary.notification.alert;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where alerts go.
 *
 * @param throttleWindow after an alert is sent, others with the same key within this
 * window are counted, not sent; the next one sent says how many were held back
 * @param log whether alerts are written to the log
 * @param webhooks Slack-compatible incoming webhooks (URLs are secrets, e.g.
 * {@code TRIBUTARY_NOTIFICATION_ALERTS_WEBHOOKS_0_URL})
 * @param timeout how long one webhook call may take, so a slow sink delays the others by
 * at most this much
 */
@ConfigurationProperties("tributary.notification.alerts")
public record AlertProperties(@DefaultValue("10m") Duration throttleWindow, @DefaultValue("true") boolean log,
		List<Webhook> webhooks, @DefaultValue("5s") Duration timeout) {

	public AlertProperties {
		webhooks = (webhooks != null) ? List.copyOf(webhooks) : List.of();
	}

	/**
	 * One webhook.
	 *
	 * @param name what it is called in logs and metrics
	 * @param url where to post
	 */
	public record Webhook(String name, URI url) {

	}

}
