package io.tributary.agent.identity;

import java.util.List;

/**
 * The customer behind a message's contacts.
 *
 * @param customerId the customer
 * @param contacts every contact known for the customer
 * @param newCustomer whether this message created the customer
 * @param mergedCustomerIds customers this message found to be the same and folded into
 * this one
 * @param changed whether this message made the customer, gave it a contact it did not
 * have, or merged others into it; a customer writing again from known contacts changes
 * nothing
 */
public record Resolution(String customerId, List<String> contacts, boolean newCustomer, List<String> mergedCustomerIds,
		boolean changed) {

}
