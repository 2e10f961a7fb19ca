/**
 * JSON (de)serialization of events for Kafka, with CloudEvents binary-mode headers.
 */
package io.tributary.events.serde;
