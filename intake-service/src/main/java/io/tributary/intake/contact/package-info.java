/**
 * Normalized customer contacts: lower-cased email addresses and E.164 phone numbers, the
 * Kafka key of every ingestion record.
 */
package io.tributary.intake.contact;
