/**
 * Events of customer identity: a customer made or given a contact, and customers merged.
 */
package io.tributary.events.customer;
