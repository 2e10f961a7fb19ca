/**
 * Tributary's shared event vocabulary: immutable, past-tense records that travel on Kafka
 * as JSON any client can read, with their metadata also carried as CloudEvents headers.
 */
package io.tributary.events;
