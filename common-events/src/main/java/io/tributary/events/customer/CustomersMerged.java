package io.tributary.events.customer;

import java.util.List;

import io.tributary.events.EventMetadata;
import io.tributary.events.Fields;
import io.tributary.events.TributaryEvent;

/**
 * Two or more customers found to be one (a message linked their contacts). Written to
 * {@code processing.customer.identities}, keyed by the surviving customer id.
 *
 * @param metadata event metadata, caused by the linking message
 * @param customerId the surviving customer
 * @param mergedCustomerIds the customers folded into it
 * @param messageId the message that linked them
 * @param contacts every contact of the surviving customer
 */
public record CustomersMerged(EventMetadata metadata, String customerId, List<String> mergedCustomerIds,
		String messageId, List<String> contacts) implements TributaryEvent {

	public CustomersMerged {
		Fields.required(metadata, "metadata");
		Fields.required(customerId, "customerId");
		mergedCustomerIds = Fields.nonEmpty(mergedCustomerIds, "mergedCustomerIds");
		Fields.required(messageId, "messageId");
		contacts = Fields.nonEmpty(contacts, "contacts");
	}

}
