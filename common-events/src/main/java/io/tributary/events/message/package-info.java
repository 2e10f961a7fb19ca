/**
 * Events of an inbound customer message: received raw at intake, normalized, and
 * validated.
 */
package io.tributary.events.message;
