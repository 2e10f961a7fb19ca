package io.tributary.notification.alert;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.kit.stage.TransactionalStage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The alert sinks from configuration, and the throttle. */
@Configuration(proxyBeanMethods = false)
class AlertConfiguration {

	@Bean
	AlertListener alertListener(AlertProperties properties, StringRedisTemplate redis,
			TransactionalStage operationsStage, MeterRegistry meters) {
		List<AlertSink> sinks = new ArrayList<>();
		if (properties.log()) {
			sinks.add(new LogAlertSink());
		}
		properties.webhooks().forEach((webhook) -> sinks.add(new WebhookAlertSink(webhook, properties)));
		return new AlertListener(sinks, new AlertThrottle(redis, properties.throttleWindow()),
				operationsStage.deadLetters(), meters);
	}

}
