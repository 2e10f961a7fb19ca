/**
 * Health of the Kafka connection, for the readiness group.
 */
package io.tributary.kit.health;
