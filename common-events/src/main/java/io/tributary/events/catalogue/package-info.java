/**
 * The one catalogue of event types and topics: names, versions, keys, partitions,
 * replication, retention and dead-letter topics.
 */
package io.tributary.events.catalogue;
