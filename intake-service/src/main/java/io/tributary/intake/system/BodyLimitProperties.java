package io.tributary.intake.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Request body limits, answered with 413 above them.
 *
 * @param defaultLimit limit for every endpoint but email
 * @param emailLimit limit for the email endpoints, whose bodies carry attachments
 */
@ConfigurationProperties("tributary.intake.body-limits")
public record BodyLimitProperties(@DefaultValue("256KB") DataSize defaultLimit,
		@DefaultValue("25MB") DataSize emailLimit) {

	long limitFor(String path) {
		return (path.startsWith("/api/v1/channels/email/") ? this.emailLimit : this.defaultLimit).toBytes();
	}

}
