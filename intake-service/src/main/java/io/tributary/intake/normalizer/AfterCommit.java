package io.tributary.intake.normalizer;

import java.util.Map;

import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records progress in Redis only once the Kafka transaction that caused it has committed,
 * so the status endpoint never shows a stage whose records were rolled back.
 */
@Component
class AfterCommit {

	private static final Logger LOG = LoggerFactory.getLogger(AfterCommit.class);

	private final MessageProgress progress;

	AfterCommit(MessageProgress progress) {
		this.progress = progress;
	}

	void recordProgress(String messageId, Stage stage, Map<String, String> details) {
		Runnable record = () -> {
			try {
				this.progress.record(messageId, stage, details);
			}
			catch (RuntimeException ex) {
				LOG.warn("Could not record {} of {}: {}", stage, messageId, ex.toString());
			}
		};
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					record.run();
				}
			});
		}
		else {
			record.run();
		}
	}

}
