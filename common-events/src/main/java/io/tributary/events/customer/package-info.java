/**
 * Events of customer identity: a contact resolved to a customer, and customers merged.
 */
package io.tributary.events.customer;
