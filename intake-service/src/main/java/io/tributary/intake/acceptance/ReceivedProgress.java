package io.tributary.intake.acceptance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import io.tributary.kit.redis.ScriptPipeline;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Writes accepted messages' RECEIVED progress to Redis, the entries of concurrent
 * requests in one round trip, from one writer thread.
 *
 * <p>
 * Why not a Redis call per request: the request then woke up twice, once for Kafka's
 * acknowledgement and once for Redis's reply. The entry is now queued when Kafka
 * acknowledges the message, on the producer's thread, and the request waits once, for
 * both: it still answers only after its entry is written, so the status URL it answers
 * with shows the message at once. Measured against the call per request
 * (docs/BENCHMARKS.md): the same web forms a second within the spread, p99 lower in every
 * run. Not waiting for the entry at all served about a tenth more, but would answer
 * before the status shows the message.
 */
@Component
class ReceivedProgress implements DisposableBean {

	/** Entries written per round trip. */
	static final String BATCHES = "tributary.intake.received-progress.batch";

	/** Entries waiting for Redis: grows while Redis is slow or away. */
	static final String QUEUED = "tributary.intake.received-progress.queued";

	private record Entry(MessageProgress.Update update, CompletableFuture<Void> written) {
	}

	private final MessageProgress progress;

	private final ReceivedProgressProperties properties;

	private final BlockingQueue<Entry> queue;

	private final Thread writer;

	private final DistributionSummary batches;

	ReceivedProgress(MessageProgress progress, ReceivedProgressProperties properties, MeterRegistry meters) {
		this.progress = progress;
		this.properties = properties;
		this.queue = new LinkedBlockingQueue<>(properties.queueCapacity());
		this.batches = DistributionSummary.builder(BATCHES)
			.description("RECEIVED progress entries written per Redis round trip")
			.register(meters);
		Gauge.builder(QUEUED, this.queue, BlockingQueue::size)
			.description("RECEIVED progress entries waiting for Redis")
			.register(meters);
		this.writer = new Thread(this::writeUntilStopped, "intake-received-progress");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	/**
	 * Queues a message's RECEIVED entry; never blocks.
	 * @param messageId the message
	 * @param details facts worth showing (never personal data)
	 * @return completes when the entry is written; fails when Redis refused it, could not
	 * be reached, or did not write it within the configured timeout
	 */
	CompletableFuture<Void> record(String messageId, Map<String, String> details) {
		Entry entry = new Entry(new MessageProgress.Update(messageId, Stage.RECEIVED, details),
				new CompletableFuture<>());
		if (!this.queue.offer(entry)) {
			entry.written()
				.completeExceptionally(new IllegalStateException(
						"Redis is behind: " + this.properties.queueCapacity() + " progress entries are waiting"));
		}
		return entry.written().orTimeout(this.properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	private void writeUntilStopped() {
		List<Entry> batch = new ArrayList<>(this.properties.batchSize());
		while (!Thread.currentThread().isInterrupted()) {
			try {
				batch.add(this.queue.take());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			// What queued while the last round trip was out goes in this one.
			this.queue.drainTo(batch, this.properties.batchSize() - 1);
			write(batch);
			batch.clear();
		}
		List<Entry> left = new ArrayList<>();
		this.queue.drainTo(left);
		left.forEach((entry) -> entry.written().completeExceptionally(new IllegalStateException("Intake is stopping")));
	}

	private void write(List<Entry> batch) {
		this.batches.record(batch.size());
		try {
			List<ScriptPipeline.Reply> replies = this.progress
				.recordReceived(batch.stream().map(Entry::update).toList());
			for (int i = 0; i < batch.size(); i++) {
				ScriptPipeline.Reply reply = replies.get(i);
				if (reply.failed()) {
					batch.get(i).written().completeExceptionally(new IllegalStateException(reply.error()));
				}
				else {
					batch.get(i).written().complete(null);
				}
			}
		}
		catch (RuntimeException ex) {
			batch.forEach((entry) -> entry.written().completeExceptionally(ex));
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		// Called after the web server's graceful shutdown: no request waits any more.
		this.writer.interrupt();
		this.writer.join(this.properties.timeout().toMillis());
	}

}
