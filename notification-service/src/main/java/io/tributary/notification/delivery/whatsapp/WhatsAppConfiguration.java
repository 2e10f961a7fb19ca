package io.tributary.notification.delivery.whatsapp;

import io.tributary.notification.delivery.ReplyChannel;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The WhatsApp channel exists when a provider is configured; the provider's settings are
 * checked at start-up, so a missing credential stops the service with its property name
 * instead of failing every reply.
 */
@Configuration(proxyBeanMethods = false)
class WhatsAppConfiguration {

	@Bean
	@ConditionalOnExpression("'${tributary.notification.whatsapp.provider:none}'.toLowerCase() != 'none'")
	ReplyChannel whatsAppReplyChannel(WhatsAppProperties properties) {
		WhatsAppProvider provider = switch (properties.provider()) {
			case TWILIO -> new TwilioMessagesApi(properties);
			case META -> new MetaCloudApi(properties);
			case NONE -> throw new IllegalStateException("unreachable: no provider");
		};
		return new WhatsAppReplyChannel(provider);
	}

}
