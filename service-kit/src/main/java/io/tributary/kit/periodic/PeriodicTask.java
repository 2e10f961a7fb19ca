package io.tributary.kit.periodic;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task run on its own daemon thread, again and again with a fixed delay between the end
 * of one run and the start of the next, until stopped. For a service's background work
 * (metrics snapshots, sweeps), started and stopped with the application's lifecycle.
 */
public final class PeriodicTask {

	private final ScheduledExecutorService scheduler;

	private PeriodicTask(ScheduledExecutorService scheduler) {
		this.scheduler = scheduler;
	}

	/**
	 * Starts the task; its first run is one delay from now. The task must not throw: an
	 * executor never runs a task again after it threw, so it should catch and log its
	 * failures and leave the next run to try again.
	 * @param threadName the thread's name, as thread dumps and logs show it
	 * @param delay the delay between runs
	 * @param task what to run
	 * @return the running task
	 */
	public static PeriodicTask start(String threadName, Duration delay, Runnable task) {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, threadName);
			thread.setDaemon(true);
			return thread;
		});
		long millis = delay.toMillis();
		scheduler.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
		return new PeriodicTask(scheduler);
	}

	/** Stops the task, interrupting a run in progress. */
	public void stop() {
		this.scheduler.shutdownNow();
	}

}
