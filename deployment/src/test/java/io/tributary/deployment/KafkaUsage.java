package io.tributary.deployment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.events.catalogue.Topic;

/**
 * What a Deployment of a service does with Kafka, read from the source code it runs (and
 * service-kit's, which every service runs): the topics its listeners read and their
 * groups, the topics it writes, and the transactional id prefixes of its stages. Every
 * listener dead-letters to its topic's {@code -dlt}; the DLT replay tool reads every DLT
 * and writes back to every source topic.
 *
 * @param reads topics read
 * @param writes topics written
 * @param groups consumer groups
 * @param transactionalIdPrefixes prefixes of transactional ids
 */
record KafkaUsage(Set<String> reads, Set<String> writes, Set<String> groups, Set<String> transactionalIdPrefixes) {

	private static final Pattern LISTENER = Pattern
		.compile("@KafkaListener\\(\\s*id\\s*=\\s*\"([^\"]+)\",\\s*topics\\s*=\\s*\"([^\"]+)\"");

	private static final Pattern WRITE = Pattern.compile("Topic\\.([A-Z_]+)\\.topicName\\(\\)");

	private static final Pattern STAGE = Pattern.compile("TransactionalStage\\.create\\(\\s*kafka,\\s*\"([^\"]+)\"\\)");

	private static final Pattern REPLAY = Pattern.compile("Arrays\\.stream\\(Topic\\.values\\(\\)\\)");

	/**
	 * Deployments that run one package of their module's Kafka work (the module's own
	 * Deployment runs the rest), by the package's folder.
	 */
	private static final Map<String, String> ROLES = Map.of("intake-normalizer", "io/tributary/intake/normalizer");

	/**
	 * What the code a Deployment runs does with Kafka: its role's package, or its module
	 * without the packages its sibling Deployments run.
	 */
	static KafkaUsage ofDeployment(String module, String deployment) {
		String role = ROLES.get(deployment);
		if (role != null) {
			return of(ProjectFiles.mainSources(module, (file) -> inPackage(file, role)));
		}
		return of(ProjectFiles.mainSources(module,
				(file) -> ROLES.values().stream().noneMatch((other) -> inPackage(file, other))));
	}

	private static boolean inPackage(Path file, String folder) {
		return file.getParent().endsWith(Path.of(folder));
	}

	private static KafkaUsage of(List<String> moduleSources) {
		Set<String> reads = new TreeSet<>();
		Set<String> writes = new TreeSet<>();
		Set<String> groups = new TreeSet<>();
		Set<String> stages = new TreeSet<>();
		List<String> sources = new java.util.ArrayList<>(moduleSources);
		sources.addAll(ProjectFiles.mainSources("service-kit"));
		for (String source : sources) {
			Matcher listener = LISTENER.matcher(source);
			while (listener.find()) {
				groups.add(listener.group(1));
				reads.add(listener.group(2));
				writes.add(listener.group(2) + Topic.DEAD_LETTER_SUFFIX);
			}
			Matcher write = WRITE.matcher(source);
			while (write.find()) {
				writes.add(Topic.valueOf(write.group(1)).topicName());
			}
			Matcher stage = STAGE.matcher(source);
			while (stage.find()) {
				stages.add(stage.group(1) + "-");
			}
			if (source.contains("class DeadLetterInbox") && REPLAY.matcher(source).find()) {
				for (Topic topic : Topic.values()) {
					reads.add(topic.deadLetterTopicName());
					writes.add(topic.topicName());
				}
			}
		}
		return new KafkaUsage(reads, writes, groups, stages);
	}

}
