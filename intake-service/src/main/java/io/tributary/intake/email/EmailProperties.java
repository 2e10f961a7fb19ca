package io.tributary.intake.email;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Email intake settings.
 *
 * @param maxAttachments attachments kept per message; more are counted and reported, not
 * kept
 * @param maxAttachmentSize largest attachment accepted; larger ones are flagged and
 * reported
 * @param webhookUsername basic-auth user the providers' webhook URLs carry (Postmark and
 * SendGrid sign nothing, so credentials in the URL are how they authenticate); empty
 * disables the check
 * @param webhookPassword basic-auth password for the webhooks
 */
@ConfigurationProperties("tributary.intake.email")
public record EmailProperties(@DefaultValue("10") int maxAttachments, @DefaultValue("10MB") DataSize maxAttachmentSize,
		@DefaultValue("") String webhookUsername, @DefaultValue("") String webhookPassword) {

}
