/**
 * Reply delivery: each channel behind one
 * {@link io.tributary.notification.delivery.ReplyChannel} interface, each reply delivered
 * at most once per reply id, outcomes published and audited.
 */
package io.tributary.notification.delivery;
