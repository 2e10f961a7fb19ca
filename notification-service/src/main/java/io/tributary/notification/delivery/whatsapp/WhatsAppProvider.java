package io.tributary.notification.delivery.whatsapp;

import io.tributary.notification.delivery.DeliveryException;

/**
 * Sends one WhatsApp text message through a provider's HTTP API.
 */
interface WhatsAppProvider {

	/**
	 * Sends a text.
	 * @param to the recipient in E.164
	 * @param text the message
	 * @return the provider's id of the message
	 * @throws DeliveryException when it failed, saying whether retrying can help
	 */
	String send(String to, String text) throws DeliveryException;

}
