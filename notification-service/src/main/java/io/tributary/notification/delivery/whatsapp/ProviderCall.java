package io.tributary.notification.delivery.whatsapp;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

import io.tributary.notification.delivery.DeliveryException;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * One call to a provider's API, with its failures sorted by what retrying can do. 429 and
 * 5xx answers, refused connections and rejected credentials are transient (429 keeps the
 * provider's Retry-After); other 4xx answers are permanent. A request that was sent but
 * never answered may have been delivered: it is not sent again (at most once), so it is
 * permanent with "outcome unknown".
 */
final class ProviderCall {

	private ProviderCall() {
	}

	static RestClient client(WhatsAppProperties properties, String baseUrl) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build());
		requests.setReadTimeout(properties.readTimeout());
		return RestClient.builder().requestFactory(requests).baseUrl(baseUrl).build();
	}

	static String perform(String provider, Supplier<String> call) throws DeliveryException {
		try {
			return call.get();
		}
		catch (RestClientResponseException ex) {
			throw classify(provider, ex);
		}
		catch (ResourceAccessException ex) {
			if (ex.getCause() instanceof ConnectException || ex.getCause() instanceof HttpConnectTimeoutException) {
				throw DeliveryException.transientFailure(provider + " unreachable: " + ex.getMessage(), ex, null);
			}
			throw DeliveryException.permanent(provider
					+ " did not answer after the request was sent; outcome unknown, not sent again to avoid a duplicate: "
					+ ex.getMessage(), ex);
		}
	}

	private static DeliveryException classify(String provider, RestClientResponseException ex) {
		HttpStatusCode status = ex.getStatusCode();
		String answer = provider + " answered " + status.value() + ": " + abbreviate(ex.getResponseBodyAsString());
		if (status.value() == 429) {
			return DeliveryException.transientFailure(answer, ex, retryAfter(
					ex.getResponseHeaders() != null ? ex.getResponseHeaders().getFirst("Retry-After") : null));
		}
		if (status.is5xxServerError() || status.value() == 401 || status.value() == 403) {
			// A provider outage, or credentials an operator has to fix: waiting helps,
			// dropping the reply would not.
			return DeliveryException.transientFailure(answer, ex, null);
		}
		return DeliveryException.permanent(answer, ex);
	}

	/**
	 * Retry-After is either seconds or an HTTP date (RFC 9110). Without one, the
	 * container's exponential backoff decides.
	 */
	static Duration retryAfter(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException notSeconds) {
			try {
				Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration wait = Duration.between(Instant.now(), at);
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	private static String abbreviate(String body) {
		String text = (body != null) ? body.strip() : "";
		return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
	}

}
