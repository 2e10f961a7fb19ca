package io.tributary.benchmarks;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Topics of the benchmarks' own, made as the catalogue's are on the local stack: six
 * partitions, one replica (a single broker).
 */
final class BenchTopics {

	private BenchTopics() {
	}

	/**
	 * Creates those of the topics that do not exist yet. Two tools may race to create one
	 * (a filler and the drain it fills for): the loser finds it made.
	 * @param bootstrap the broker
	 * @param topics the topics
	 */
	static void ensure(String bootstrap, Collection<String> topics) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
			for (String topic : topics) {
				if (existing.contains(topic)) {
					continue;
				}
				try {
					admin.createTopics(Set.of(new NewTopic(topic, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
				}
				catch (ExecutionException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						throw ex;
					}
				}
			}
		}
	}

}
