package io.tributary.kit.stage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs side effects (Redis progress, done-marks) only once the Kafka transaction that
 * caused them has committed, so nothing is marked done whose records could still roll
 * back. A failing action is logged, never thrown: the transaction has already committed.
 */
public final class AfterCommit {

	private static final Logger LOG = LoggerFactory.getLogger(AfterCommit.class);

	private AfterCommit() {
	}

	public static void run(String what, Runnable action) {
		Runnable guarded = () -> {
			try {
				action.run();
			}
			catch (RuntimeException ex) {
				// The most specific cause says why (a Redis script's own error, such as
				// "OOM command not allowed"); Spring's wrapper says "Error in execution".
				LOG.warn("After commit, could not {}: {}", what,
						NestedExceptionUtils.getMostSpecificCause(ex).toString());
			}
		};
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					guarded.run();
				}
			});
		}
		else {
			guarded.run();
		}
	}

}
