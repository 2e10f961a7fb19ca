package io.tributary.intake.normalizer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.events.Attachment;
import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.message.BodyFormat;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.message.MessageReceived;
import io.tributary.events.message.Sender;
import io.tributary.intake.contact.ContactNormalizer;
import io.tributary.intake.contact.ContactProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageNormalizerTests {

	private final MessageNormalizer normalizer = new MessageNormalizer(
			new ContactNormalizer(new ContactProperties("ES")), new NormalizerProperties(true, 1, 60, 20));

	@Test
	void emailIsLowerCasedAndPhoneBecomesE164() {
		MessageNormalized message = this.normalizer.normalize(raw(Channel.WEB_FORM,
				new Sender(" Ana ", " Ana.Ruiz@Example.COM ", "600 111 222"), "Hola", BodyFormat.TEXT));

		assertThat(message.contactKey()).isEqualTo("ana.ruiz@example.com");
		assertThat(message.email()).isEqualTo("ana.ruiz@example.com");
		assertThat(message.phone()).isEqualTo("+34600111222");
		assertThat(message.customerName()).isEqualTo("Ana");
		assertThat(message.metadata().eventId()).isEqualTo("norm-msg-1");
		assertThat(message.metadata().causationId()).isEqualTo("msg-1");
	}

	@Test
	void htmlBecomesTextWithItsLinesAndWithoutScripts() {
		String html = "<html><head><style>p{}</style><script>alert(1)</script></head><body><p>Hello&nbsp;there,</p>"
				+ "<div>my order <b>#123</b><br>never came.</div></body></html>";

		MessageNormalized message = this.normalizer
			.normalize(raw(Channel.WEB_FORM, new Sender(null, "a@b.co", null), html, BodyFormat.HTML));

		assertThat(message.text()).isEqualTo("Hello there,\n\nmy order #123\nnever came.");
	}

	@Test
	void quotedReplyAndSignatureAreTrimmedFromEmail() {
		String body = "Still waiting.\r\n\r\n-- \r\nAna\r\nACME Corp\r\n\r\nOn Mon, 3 Nov 2026 at 10:00, Support <s@x.io> wrote:\r\n> Thanks";

		MessageNormalized message = this.normalizer
			.normalize(raw(Channel.EMAIL, new Sender(null, "a@b.co", null), body, BodyFormat.TEXT));

		assertThat(message.text()).isEqualTo("Still waiting.");
	}

	@Test
	void outlookStyleQuoteAndMobileFooterAreTrimmed() {
		String body = "Please call me.\nSent from my iPhone\n\nFrom: Support\nSent: Monday\nSubject: Re: x";
		assertThat(
				this.normalizer.normalize(raw(Channel.EMAIL, new Sender(null, "a@b.co", null), body, BodyFormat.TEXT))
					.text())
			.isEqualTo("Please call me.");
	}

	@Test
	void textAndSubjectAreBoundedAndWhitespaceTidied() {
		String body = "a\t\t b\u200B\n\n\n\nc " + "x".repeat(100);

		MessageNormalized message = this.normalizer
			.normalize(raw(Channel.WEB_FORM, new Sender(null, "a@b.co", null), body, BodyFormat.TEXT));

		assertThat(message.text()).startsWith("a b\n\nc xxx").hasSize(60);
		assertThat(message.subject()).hasSizeLessThanOrEqualTo(20);
	}

	@Test
	void sameSenderAndContentHashTheSameUnderADifferentId() {
		MessageNormalized first = this.normalizer
			.normalize(raw(Channel.WEB_FORM, new Sender(null, "A@b.co", null), "Same  text", BodyFormat.TEXT));
		MessageNormalized again = this.normalizer
			.normalize(raw(Channel.WEB_FORM, new Sender(null, "a@B.co", null), "Same text", BodyFormat.TEXT));
		MessageNormalized other = this.normalizer
			.normalize(raw(Channel.WEB_FORM, new Sender(null, "a@b.co", null), "Other text", BodyFormat.TEXT));

		assertThat(again.contentHash()).isEqualTo(first.contentHash());
		assertThat(other.contentHash()).isNotEqualTo(first.contentHash());
	}

	@Test
	void messageWithNothingLeftIsRejectedWithTheReason() {
		assertThatThrownBy(() -> this.normalizer
			.normalize(raw(Channel.WEB_FORM, new Sender(null, "a@b.co", null), "<p>  </p>", BodyFormat.HTML)))
			.isInstanceOf(NormalizationException.class)
			.hasMessage("text: the message has no text and no attachments");
	}

	@Test
	void invalidPhoneIsRejectedWithTheReason() {
		assertThatThrownBy(() -> this.normalizer
			.normalize(raw(Channel.WHATSAPP, new Sender(null, null, "whatsapp:+1"), "hi", BodyFormat.TEXT)))
			.isInstanceOf(NormalizationException.class)
			.hasMessage("phone: not a valid phone number");
	}

	@Test
	void attachmentOnlyMessageIsKept() {
		MessageReceived raw = new MessageReceived(EventMetadata.first("msg-2", Instant.EPOCH), "msg-2",
				Channel.WHATSAPP, "twilio", "SM1", "+34600111222", new Sender(null, null, "whatsapp:+34600111222"),
				null, "", BodyFormat.TEXT, null, List.of(new Attachment(null, "image/jpeg", 0)), Instant.EPOCH,
				Map.of());

		assertThat(this.normalizer.normalize(raw).text()).isEmpty();
	}

	private static MessageReceived raw(Channel channel, Sender sender, String body, BodyFormat format) {
		return new MessageReceived(EventMetadata.first("msg-1", Instant.EPOCH), "msg-1", channel, "test", null, "key",
				sender, "  A   subject that is quite long indeed  ", body, format, EmailThreading.none(), List.of(),
				Instant.EPOCH, Map.of());
	}

}
