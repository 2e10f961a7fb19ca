/**
 * Every service's periodic metrics snapshot on {@code notifications.metrics}, for
 * operators who read the pipeline from Kafka rather than from Prometheus.
 */
package io.tributary.kit.metrics;
