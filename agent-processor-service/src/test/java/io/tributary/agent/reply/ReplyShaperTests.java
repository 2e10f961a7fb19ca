package io.tributary.agent.reply;

import java.time.Instant;
import java.util.List;

import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.reply.ReplyKind;
import io.tributary.events.ticket.TicketRequested;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyShaperTests {

	private final ReplyShaper shaper = new ReplyShaper(new ReplyProperties(new ClassPathResource("knowledge-base.yml"),
			"Kind regards,\nSupport", "ack", 20, 1, true));

	private final DraftReply draft = new DraftReply("Your parcel is on its way.", ReplyKind.ANSWER, 0.9,
			"order-status");

	@Test
	void emailGreetsSignsAndAnswersTheCustomersMessage() {
		ShapedReply reply = this.shaper.shape(request(Channel.EMAIL, "Ana Ruiz", "Order 42",
				new EmailThreading("m2@x", "m1@x", List.of("m0@x", "m1@x"))), this.draft);

		assertThat(reply.subject()).isEqualTo("Re: Order 42");
		assertThat(reply.body()).isEqualTo("Hello Ana,\n\nYour parcel is on its way.\n\nKind regards,\nSupport");
		assertThat(reply.threading().inReplyTo()).isEqualTo("m2@x");
		assertThat(reply.threading().references()).containsExactly("m0@x", "m1@x", "m2@x");
	}

	@Test
	void whatsAppIsPlainAndWithinTheLengthLimit() {
		ShapedReply reply = this.shaper.shape(request(Channel.WHATSAPP, "Ana", null, EmailThreading.none()),
				this.draft);

		assertThat(reply.subject()).isNull();
		assertThat(reply.body()).hasSize(20).endsWith("…").doesNotContain("Hello").doesNotContain("Support");
	}

	@Test
	void webReplyGreetsEvenWithoutAName() {
		assertThat(this.shaper.shape(request(Channel.WEB_FORM, null, "s", EmailThreading.none()), this.draft).body())
			.startsWith("Hello,\n\n");
	}

	private static TicketRequested request(Channel channel, String name, String subject, EmailThreading threading) {
		return new TicketRequested(EventMetadata.first("m", Instant.EPOCH), "t", "c", "m", channel, "a@b.c", name,
				subject, "text", threading, true, Instant.EPOCH);
	}

}
