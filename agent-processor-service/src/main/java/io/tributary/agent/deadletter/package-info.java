/**
 * Dead letters for operators: list what a stage gave up on, and replay records to their
 * source topic once the cause is fixed. Replayed records pass through dedup like any
 * other.
 */
package io.tributary.agent.deadletter;
