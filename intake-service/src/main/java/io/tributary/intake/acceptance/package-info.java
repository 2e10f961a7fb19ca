/**
 * What every channel does with a message it has read: give it its ids and contact key,
 * store it durably in Kafka, record its progress and audit it, and answer with where to
 * follow it.
 */
package io.tributary.intake.acceptance;
