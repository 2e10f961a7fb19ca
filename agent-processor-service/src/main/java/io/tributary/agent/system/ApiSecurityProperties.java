package io.tributary.agent.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the APIs. Keys come from the environment (Kubernetes secrets), e.g.
 * {@code TRIBUTARY_AGENT_API_KEYS_0_KEY} and {@code TRIBUTARY_AGENT_API_KEYS_0_ROLE}.
 *
 * @param keys the accepted API keys, each with its role ({@code READ} or {@code ADMIN})
 * @param openReads whether the read endpoints need no key (the {@code local} profile sets
 * it)
 */
@ConfigurationProperties("tributary.agent.api")
public record ApiSecurityProperties(List<ApiKey> keys, @DefaultValue("false") boolean openReads) {

	public ApiSecurityProperties {
		keys = (keys != null) ? List.copyOf(keys) : List.of();
	}

	/**
	 * One API key.
	 *
	 * @param key the secret sent in {@code X-API-Key}
	 * @param role {@code READ} or {@code ADMIN}
	 */
	public record ApiKey(String key, String role) {

	}

}
