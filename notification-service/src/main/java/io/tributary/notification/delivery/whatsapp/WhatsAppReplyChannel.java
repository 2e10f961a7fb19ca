package io.tributary.notification.delivery.whatsapp;

import io.tributary.events.Channel;
import io.tributary.events.reply.ReplyPrepared;
import io.tributary.notification.delivery.DeliveryException;
import io.tributary.notification.delivery.ReplyChannel;

/**
 * Delivers WhatsApp replies through the configured provider. The agent processor already
 * shaped the text as plain and within WhatsApp's length limit.
 */
class WhatsAppReplyChannel implements ReplyChannel {

	private final WhatsAppProvider provider;

	WhatsAppReplyChannel(WhatsAppProvider provider) {
		this.provider = provider;
	}

	@Override
	public Channel channel() {
		return Channel.WHATSAPP;
	}

	@Override
	public String deliver(ReplyPrepared reply) throws DeliveryException {
		return this.provider.send(reply.recipient(), reply.body());
	}

}
