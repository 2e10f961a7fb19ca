/**
 * Events of support tickets: a message asking for a ticket, and ticket status changes.
 */
package io.tributary.events.ticket;
