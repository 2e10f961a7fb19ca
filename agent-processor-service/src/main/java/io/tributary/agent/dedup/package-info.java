/**
 * Recognising repeats: the same message id again (provider retry, redelivery, DLT replay)
 * and the same content from the same sender under a new id within a window.
 */
package io.tributary.agent.dedup;
