package io.tributary.notification.delivery;

import io.tributary.events.Channel;
import io.tributary.events.reply.ReplyPrepared;

/**
 * Delivers replies on one channel.
 */
public interface ReplyChannel {

	Channel channel();

	/**
	 * Delivers a reply.
	 * @param reply the reply
	 * @return the provider's id of what was sent
	 * @throws DeliveryException when it failed, saying whether retrying can help
	 */
	String deliver(ReplyPrepared reply) throws DeliveryException;

}
