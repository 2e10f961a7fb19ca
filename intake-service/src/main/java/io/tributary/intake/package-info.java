/**
 * Intake service: channel REST endpoints and webhooks, validation, raw publishing and
 * normalization.
 */
package io.tributary.intake;
