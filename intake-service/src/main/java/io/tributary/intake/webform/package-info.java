/**
 * The public support web form: JSON submissions, optional idempotency keys, rate limited
 * per client address and per sender.
 */
package io.tributary.intake.webform;
