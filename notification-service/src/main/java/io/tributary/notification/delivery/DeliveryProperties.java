package io.tributary.notification.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery settings.
 *
 * @param fromAddress the sender of email replies
 * @param replyTo where customers' answers to email replies go (the inbound address)
 * @param messageIdDomain the domain of the Message-IDs of email replies
 * @param sendingLease how long a delivery in progress is reserved to one instance
 * @param concurrency consumer threads of the delivery stage
 */
@ConfigurationProperties("tributary.notification.delivery")
public record DeliveryProperties(@DefaultValue("support@tributary.example") String fromAddress,
		@DefaultValue("support@tributary.example") String replyTo,
		@DefaultValue("tributary.example") String messageIdDomain, @DefaultValue("2m") Duration sendingLease,
		@DefaultValue("2") int concurrency) {

}
