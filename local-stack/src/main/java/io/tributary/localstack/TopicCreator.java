package io.tributary.localstack;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.tributary.events.catalogue.TopicCatalogue;
import io.tributary.events.catalogue.TopicSettings;
import io.tributary.events.catalogue.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Creates the catalogue's missing topics on a broker, leaving existing ones as they are.
 */
final class TopicCreator {

	private TopicCreator() {
	}

	static int createMissing(String bootstrapServers, TopicSettings settings) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
			List<TopicSpec> missing = TopicCatalogue.specs(settings)
				.stream()
				.filter((spec) -> !existing.contains(spec.name()))
				.toList();
			if (!missing.isEmpty()) {
				admin.createTopics(missing.stream().map(TopicSpec::toNewTopic).toList())
					.all()
					.get(60, TimeUnit.SECONDS);
			}
			return missing.size();
		}
	}

}
