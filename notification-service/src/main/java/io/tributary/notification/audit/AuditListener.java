package io.tributary.notification.audit;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.events.operations.AuditEntryRecorded;
import io.tributary.kit.stage.DeadLetters;
import io.tributary.kit.stage.TransactionalStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads {@code notifications.audit} from every service and stores each batch. Offsets are
 * committed only after the batch is stored; if Redis is unavailable the batch is retried
 * with backoff, so no entry is lost. Unreadable records, and entries whose keys Redis
 * refuses, go to the DLT. Fetches wait for a batch (see
 * {@link AuditConsumerConfiguration}).
 */
@Component
class AuditListener {

	private final AuditStore store;

	private final TransactionalStage operationsStage;

	private final MeterRegistry meters;

	AuditListener(AuditStore store, TransactionalStage operationsStage, MeterRegistry meters) {
		this.store = store;
		this.operationsStage = operationsStage;
		this.meters = meters;
	}

	@KafkaListener(id = "notification-audit", topics = "notifications.audit",
			containerFactory = "auditContainerFactory")
	void record(List<ConsumerRecord<String, Object>> records) throws Exception {
		List<AuditEntry> entries = new ArrayList<>(records.size());
		List<ConsumerRecord<?, ?>> sources = new ArrayList<>(records.size());
		DeadLetters deadLetters = this.operationsStage.deadLetters();
		deadLetters.forEachEvent(records, AuditEntryRecorded.class, (record, recorded) -> {
			entries.add(AuditEntry.of(recorded));
			sources.add(record);
		});
		if (entries.isEmpty()) {
			return;
		}
		// An entry whose keys Redis refuses (a key of another type) would be refused on
		// every retry: it alone is dead-lettered, and the rest of the trail goes on.
		List<String> refusals = this.store.store(entries);
		int stored = 0;
		for (int i = 0; i < refusals.size(); i++) {
			if (refusals.get(i) == null) {
				stored++;
				continue;
			}
			String reason = "could not be stored: Redis refused the command: " + refusals.get(i);
			deadLetters.send(sources.get(i), reason, new IllegalStateException(reason));
		}
		this.meters.counter("tributary.notification.audit.entries").increment(stored);
	}

}
