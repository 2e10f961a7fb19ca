package io.tributary.notification.metrics;

import java.util.List;

import io.tributary.events.operations.MetricsSnapshotTaken;
import io.tributary.kit.stage.TransactionalStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads {@code notifications.metrics} and keeps the newest snapshot per instance. */
@Component
class MetricsSnapshotListener {

	private final LatestSnapshots snapshots;

	private final TransactionalStage operationsStage;

	MetricsSnapshotListener(LatestSnapshots snapshots, TransactionalStage operationsStage) {
		this.snapshots = snapshots;
		this.operationsStage = operationsStage;
	}

	@KafkaListener(id = "notification-metrics", topics = "notifications.metrics",
			containerFactory = "operationsContainerFactory")
	void keep(List<ConsumerRecord<String, Object>> records) throws Exception {
		this.operationsStage.deadLetters()
			.forEachEvent(records, MetricsSnapshotTaken.class, (record, snapshot) -> this.snapshots.keep(snapshot));
	}

}
