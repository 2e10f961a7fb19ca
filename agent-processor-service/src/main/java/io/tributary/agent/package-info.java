/**
 * Agent processor service: dedup, identity resolution, tickets, triage, automatic replies
 * and dead-letter replay.
 */
package io.tributary.agent;
