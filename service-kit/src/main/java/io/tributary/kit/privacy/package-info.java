/**
 * Keeps personal data out of logs: Kafka records are logged by coordinates and event id,
 * never by key (a customer's address) or value (their message).
 */
package io.tributary.kit.privacy;
