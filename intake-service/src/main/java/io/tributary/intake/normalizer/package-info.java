/**
 * The normalizer: reads raw messages and writes normalized messages and validation
 * results in one Kafka transaction per batch (exactly once); what cannot be normalized is
 * rejected with its reason and dead-lettered.
 */
package io.tributary.intake.normalizer;
