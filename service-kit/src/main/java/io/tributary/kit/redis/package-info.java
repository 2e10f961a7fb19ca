/**
 * Redis work batched per poll batch (many script calls in one round trip), and Redis's
 * memory as gauges.
 */
package io.tributary.kit.redis;
