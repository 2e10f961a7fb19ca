package io.tributary.agent.reply;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Reply settings.
 *
 * @param knowledgeBase the FAQ file the answers come from
 * @param signature the closing of email and web replies
 * @param acknowledgement the text sent when no answer is confident enough or a person
 * takes over
 * @param whatsAppMaxLength longest WhatsApp text (the providers' limit is 4096
 * characters)
 * @param concurrency consumer threads of the reply stage
 * @param enabled whether this instance runs the reply stage (off for an instance that
 * only tickets, when the stages are deployed apart)
 */
@ConfigurationProperties("tributary.agent.replies")
public record ReplyProperties(@DefaultValue("classpath:knowledge-base.yml") Resource knowledgeBase,
		@DefaultValue("Kind regards,\nThe Support Team") String signature,
		@DefaultValue("Thank you for your message. A member of our team will get back to you shortly.") String acknowledgement,
		@DefaultValue("4096") int whatsAppMaxLength, @DefaultValue("2") int concurrency,
		@DefaultValue("true") boolean enabled) {

}
