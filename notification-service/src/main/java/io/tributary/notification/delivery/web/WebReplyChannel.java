package io.tributary.notification.delivery.web;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import io.tributary.events.Channel;
import io.tributary.events.reply.ReplyPrepared;
import io.tributary.notification.delivery.ReplyChannel;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Web replies are kept in Redis ({@code web:{ticketId}:replies}, a hash by reply id, so
 * storing the same reply again changes nothing) and served by {@code GET
 * /api/v1/web/tickets/{ticketId}/replies} for the support page to show.
 */
@Component
@RestController
class WebReplyChannel implements ReplyChannel {

	private static final Duration RETENTION = Duration.ofDays(90);

	private final StringRedisTemplate redis;

	WebReplyChannel(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public Channel channel() {
		return Channel.WEB_FORM;
	}

	@Override
	public String deliver(ReplyPrepared reply) {
		String key = key(reply.ticketId());
		this.redis.opsForHash().put(key, reply.replyId(), reply.body());
		this.redis.expire(key, RETENTION);
		return "web:" + reply.replyId();
	}

	@GetMapping("/api/v1/web/tickets/{ticketId}/replies")
	List<WebReply> replies(@PathVariable String ticketId) {
		return this.redis.<String, String>opsForHash()
			.entries(key(ticketId))
			.entrySet()
			.stream()
			.map((entry) -> new WebReply(entry.getKey(), entry.getValue()))
			.sorted(Comparator.comparing(WebReply::replyId))
			.toList();
	}

	private static String key(String ticketId) {
		return "web:{" + ticketId + "}:replies";
	}

	/**
	 * A reply as the web channel shows it.
	 *
	 * @param replyId the reply
	 * @param body its text
	 */
	record WebReply(String replyId, String body) {

	}

}
