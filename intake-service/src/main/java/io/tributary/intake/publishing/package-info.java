/**
 * Intake's Kafka producer side: raw messages with {@code acks=all} and a bounded wait,
 * and audit entries.
 */
package io.tributary.intake.publishing;
