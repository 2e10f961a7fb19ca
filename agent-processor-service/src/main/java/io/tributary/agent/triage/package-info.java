/**
 * Triage of a ticket request: category from keyword rules, sentiment from a lexicon,
 * priority, and whether a person must take over.
 */
package io.tributary.agent.triage;
