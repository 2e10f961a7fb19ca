package io.tributary.events.customer;

import java.util.List;

import io.tributary.events.EventMetadata;
import io.tributary.events.Fields;
import io.tributary.events.TributaryEvent;

/**
 * A message changed what is known of a customer: it made the customer, or gave it a
 * contact it did not have, or merged other customers into it (then with a
 * {@link CustomersMerged} beside it). Written to {@code processing.customer.identities},
 * keyed by customer id; a customer writing again from known contacts is not announced
 * here (its ticket request names the customer).
 *
 * @param metadata event metadata, caused by the normalized message
 * @param customerId the customer
 * @param messageId the message that was resolved
 * @param contactKey the contact that was resolved
 * @param contacts every contact known for the customer
 * @param newCustomer whether this message created the customer
 */
public record CustomerIdentified(EventMetadata metadata, String customerId, String messageId, String contactKey,
		List<String> contacts, boolean newCustomer) implements TributaryEvent {

	public CustomerIdentified {
		Fields.required(metadata, "metadata");
		Fields.required(customerId, "customerId");
		Fields.required(messageId, "messageId");
		Fields.required(contactKey, "contactKey");
		contacts = Fields.nonEmpty(contacts, "contacts");
	}

}
