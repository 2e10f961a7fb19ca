/**
 * Declares the catalogue's topics, with this environment's partitions and replication, at
 * start-up.
 */
package io.tributary.kit.topics;
