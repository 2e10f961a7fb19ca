/**
 * What every Tributary service gets by depending on this module: catalogue topics
 * declared at start-up, Kafka in its readiness health, and common Kafka, actuator and
 * shutdown defaults.
 */
package io.tributary.kit;
