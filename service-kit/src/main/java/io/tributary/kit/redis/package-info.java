/**
 * Redis work batched per poll batch: many script calls in one round trip.
 */
package io.tributary.kit.redis;
