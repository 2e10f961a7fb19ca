/**
 * Helpers of the benchmark scripts under {@code bench/}. Not part of any service.
 */
package io.tributary.benchmarks;
