/**
 * Consume-process-produce stages with exactly-once output: a transactional producer per
 * stage, batch listener containers whose transaction covers a poll batch's output and
 * offsets, actions run after commit, and dead letters that keep the original bytes and
 * the real reason.
 */
package io.tributary.kit.stage;
