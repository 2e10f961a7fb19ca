/**
 * Tickets: each new message opens a ticket or joins the customer's open one (email
 * threading first, then same customer and channel within a window), with deterministic
 * ids so a replay cannot open a second ticket.
 */
package io.tributary.agent.ticket;
