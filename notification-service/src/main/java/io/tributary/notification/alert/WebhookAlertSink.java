package io.tributary.notification.alert;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.stream.Collectors;

import io.tributary.events.operations.AlertRaised;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Posts alerts to a Slack-compatible incoming webhook: a JSON object whose {@code text}
 * is the whole alert in Slack's markdown, which Slack, Mattermost, Rocket.Chat and most
 * chat tools accept.
 */
class WebhookAlertSink implements AlertSink {

	private final String name;

	private final RestClient client;

	private final String url;

	WebhookAlertSink(AlertProperties.Webhook webhook, AlertProperties properties) {
		this.name = (webhook.name() != null) ? webhook.name() : "webhook";
		this.url = webhook.url().toString();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(properties.timeout()).build());
		requests.setReadTimeout(properties.timeout());
		this.client = RestClient.builder().requestFactory(requests).build();
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public void send(AlertRaised alert, long heldBack) {
		this.client.post()
			.uri(this.url)
			.contentType(MediaType.APPLICATION_JSON)
			.body(JsonMapper.shared().writeValueAsString(Map.of("text", text(alert, heldBack))))
			.retrieve()
			.toBodilessEntity();
	}

	static String text(AlertRaised alert, long heldBack) {
		StringBuilder text = new StringBuilder();
		text.append('*').append(alert.severity()).append("* ").append(alert.summary());
		text.append("\nsource: `").append(alert.source()).append("`, key: `").append(alert.alertKey()).append('`');
		if (alert.detail() != null && !alert.detail().isBlank()) {
			text.append('\n').append(alert.detail());
		}
		if (!alert.attributes().isEmpty()) {
			text.append('\n')
				.append(alert.attributes()
					.entrySet()
					.stream()
					.sorted(Map.Entry.comparingByKey())
					.map((entry) -> entry.getKey() + "=" + entry.getValue())
					.collect(Collectors.joining(", ")));
		}
		if (heldBack > 0) {
			text.append("\n(").append(heldBack).append(" similar alerts held back since the last one)");
		}
		return text.toString();
	}

}
