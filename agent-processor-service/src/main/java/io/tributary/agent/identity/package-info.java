/**
 * Customer identity: contacts (email, E.164 phone) resolve to one customer id; a message
 * that links contacts of two customers merges them.
 */
package io.tributary.agent.identity;
