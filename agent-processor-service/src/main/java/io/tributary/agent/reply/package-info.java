/**
 * Automatic replies: a knowledge base ranked with Lucene behind one
 * {@link io.tributary.agent.reply.ReplyGenerator} interface, shaped per channel, with the
 * ticket's status changes and alerts.
 */
package io.tributary.agent.reply;
