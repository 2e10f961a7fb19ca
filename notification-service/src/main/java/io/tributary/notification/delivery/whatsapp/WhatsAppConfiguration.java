package io.tributary.notification.delivery.whatsapp;

import io.tributary.notification.delivery.DeliveryException;
import io.tributary.notification.delivery.ReplyChannel;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The WhatsApp channel, through the configured provider. The provider's settings are
 * checked at start-up, so a missing credential stops the service with its property name
 * instead of failing every reply. Without a provider the channel refuses every reply for
 * good, saying why.
 *
 * <p>
 * The provider is read when the bean is created, not in a bean condition: the service
 * runs AOT-processed, and an AOT-processed build fixes its conditions when it is built.
 */
@Configuration(proxyBeanMethods = false)
class WhatsAppConfiguration {

	@Bean
	ReplyChannel whatsAppReplyChannel(WhatsAppProperties properties) {
		WhatsAppProvider provider = switch (properties.provider()) {
			case TWILIO -> new TwilioMessagesApi(properties);
			case META -> new MetaCloudApi(properties);
			case NONE -> WhatsAppConfiguration::notConfigured;
		};
		return new WhatsAppReplyChannel(provider);
	}

	private static String notConfigured(String to, String text) throws DeliveryException {
		throw DeliveryException.permanent(
				"no delivery channel configured for WHATSAPP (tributary.notification.whatsapp.provider is none)", null);
	}

}
