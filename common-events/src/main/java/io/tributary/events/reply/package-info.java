/**
 * Events of replies to customers: a reply prepared, and the outcome of delivering it.
 */
package io.tributary.events.reply;
