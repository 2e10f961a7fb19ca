package io.tributary.intake.webform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits of the public web form, shared by every intake replica through Redis.
 *
 * @param enabled whether to limit at all
 * @param perAddress submissions per client address per period
 * @param perSender submissions per sender email per period
 * @param period the refill period of both limits
 */
@ConfigurationProperties("tributary.intake.web-form.rate-limit")
public record WebFormRateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30") int perAddress,
		@DefaultValue("10") int perSender, @DefaultValue("1m") Duration period) {

}
