/**
 * Where a message is in the pipeline, from the {@code message:} progress every service
 * records.
 */
package io.tributary.intake.status;
