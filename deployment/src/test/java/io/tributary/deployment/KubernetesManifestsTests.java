package io.tributary.deployment;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import io.tributary.deployment.ProjectFiles.Manifest;
import io.tributary.events.catalogue.TopicCatalogue;
import io.tributary.events.catalogue.TopicSpec;
import io.tributary.kit.topics.TopicProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests, checked without a cluster: each one is read as the typed
 * object of its kind (fabric8's Kubernetes model, Strimzi's API model) with no field
 * those models do not know, and checked against what the services actually are.
 */
class KubernetesManifestsTests {

	private static final Map<String, Class<?>> KINDS = Map.ofEntries(Map.entry("ConfigMap", ConfigMap.class),
			Map.entry("Deployment", Deployment.class), Map.entry("Service", Service.class),
			Map.entry("StatefulSet", StatefulSet.class),
			Map.entry("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
			Map.entry("PodDisruptionBudget", PodDisruptionBudget.class),
			Map.entry("NetworkPolicy", NetworkPolicy.class), Map.entry("Kafka", Kafka.class),
			Map.entry("KafkaNodePool", KafkaNodePool.class), Map.entry("KafkaTopic", KafkaTopic.class),
			Map.entry("KafkaUser", KafkaUser.class));

	/** Custom resources without a Java model here: checked field by field below. */
	private static final Set<String> CHECKED_BY_HAND = Set.of("ScaledObject", "TriggerAuthentication", "ServiceMonitor",
			"PrometheusRule");

	private final List<Manifest> base = ProjectFiles.manifests("k8s/base");

	@Test
	void everyManifestIsAValidObjectOfItsKind() {
		assertThat(this.base).hasSizeGreaterThan(30);
		for (Manifest manifest : this.base) {
			if (CHECKED_BY_HAND.contains(manifest.kind())) {
				continue;
			}
			assertThat(KINDS).as("known kind: " + manifest).containsKey(manifest.kind());
			Object object = typed(manifest);
			assertThat(unknownFields(object, ""))
				.as("fields the %s model does not know in %s", manifest.kind(), manifest)
				.isEmpty();
		}
	}

	@Test
	void kustomizationsListExistingFilesAndPatchExistingObjects() throws Exception {
		Map<String, Object> base = ProjectFiles.yaml("k8s/base/kustomization.yaml");
		for (Object resource : (List<?>) base.get("resources")) {
			assertThat(ProjectFiles.ROOT.resolve("k8s/base").resolve(resource.toString())).exists();
		}
		long listed = ((List<?>) base.get("resources")).size();
		try (var files = Files.walk(ProjectFiles.ROOT.resolve("k8s/base"))) {
			assertThat(files.filter((f) -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).count())
				.as("every base file is in the kustomization")
				.isEqualTo(listed);
		}
		for (String overlay : List.of("dev", "prod")) {
			Map<String, Object> kustomization = ProjectFiles.yaml("k8s/overlays/" + overlay + "/kustomization.yaml");
			assertThat(kustomization.get("resources")).isEqualTo(List.of("../../base"));
			assertThat(kustomization.get("namespace")).isNotNull();
			for (Object patch : (List<?>) kustomization.getOrDefault("patches", List.of())) {
				@SuppressWarnings("unchecked")
				Map<String, Object> target = (Map<String, Object>) ((Map<String, Object>) patch).get("target");
				assertThat(this.base.stream()
					.anyMatch((m) -> m.kind().equals(target.get("kind"))
							&& (target.get("name") == null || m.name().equals(target.get("name")))))
					.as(overlay + " patch target " + target)
					.isTrue();
			}
			for (Object replicas : (List<?>) kustomization.getOrDefault("replicas", List.of())) {
				String name = (String) ((Map<?, ?>) replicas).get("name");
				assertThat(deployment(name)).as(overlay + " replicas of " + name).isNotNull();
			}
		}
	}

	@Test
	void deploymentsMatchTheServicesPortsProbesImagesAndRunHardened() {
		assertThat(this.base.stream().filter((m) -> m.kind().equals("Deployment")).map(Manifest::name))
			.as("every Deployment runs one of the services")
			.containsExactlyInAnyOrderElementsOf(ProjectFiles.SERVICES.stream()
				.flatMap((module) -> deploymentsOf(module).stream())
				.map((deployment) -> deployment.getMetadata().getName())
				.toList());
		for (String module : ProjectFiles.SERVICES) {
			assertThat(deploymentsOf(module)).as(module).contains(deployment(module));
			ServiceConfiguration service = ServiceConfiguration.of(module);
			for (Deployment deployment : deploymentsOf(module)) {
				assertRunsHardenedWithTheServicesPortAndProbes(deployment, module, service);
			}
		}
	}

	private void assertRunsHardenedWithTheServicesPortAndProbes(Deployment deployment, String module,
			ServiceConfiguration service) {
		Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
		assertThat(container.getPorts().get(0).getContainerPort()).as(module + " port").isEqualTo(service.port());
		assertThat(container.getPorts().get(0).getName()).isEqualTo("http");
		// The probe paths service-kit exposes
		// (management.endpoint.health.probes.add-additional-paths).
		assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
		assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/livez");
		assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
		assertThat(container.getReadinessProbe().getTimeoutSeconds())
			.as(module + " readiness timeout: at least the Kafka health check's 3 s wait")
			.isGreaterThanOrEqualTo(3);
		assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
		assertThat(container.getResources().getLimits()).containsKey("memory");
		assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
		assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
			.as("longer than Boot's 20 s shutdown phase plus the preStop pause")
			.isGreaterThan(25);
		assertThat(container.getVolumeMounts()).anyMatch((mount) -> mount.getMountPath().equals("/tmp"));
		Service serviceObject = (Service) typed(manifest("Service", deployment.getMetadata().getName()));
		assertThat(serviceObject.getSpec().getPorts().get(0).getPort()).isEqualTo(service.port());
		assertThat(serviceObject.getSpec().getPorts().get(0).getName()).as("the port the ServiceMonitor scrapes")
			.isEqualTo("http");
		assertThat(serviceObject.getSpec().getSelector())
			.isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
	}

	/**
	 * Intake's edge answers channel requests and its normalizer runs in a Deployment of
	 * its own, so that each scales on its own signal; exactly one of them normalizes.
	 */
	@Test
	void intakeRunsItsNormalizerInADeploymentOfItsOwn() {
		assertThat(deploymentsOf("intake-service").stream().map((d) -> d.getMetadata().getName()))
			.containsExactlyInAnyOrder("intake-service", "intake-normalizer");
		assertThat(configuration(deployment("intake-service"))).containsEntry("TRIBUTARY_INTAKE_NORMALIZER_ENABLED",
				"false");
		Deployment normalizer = deployment("intake-normalizer");
		assertThat(configuration(normalizer)).containsEntry("TRIBUTARY_INTAKE_NORMALIZER_ENABLED", "true")
			.as("a normalizer pod reached on its port takes no channel traffic")
			.containsEntry("TRIBUTARY_INTAKE_CHANNELS_ENABLED", "false");
		assertThat(configuration(deployment("intake-service"))).doesNotContainKey("TRIBUTARY_INTAKE_CHANNELS_ENABLED");
		assertThat(normalizer.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
			.as("the normalizer needs its Kafka credentials and no provider secret")
			.extracting(EnvVar::getName)
			.containsExactly("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
	}

	/**
	 * The plain settings a Deployment's container gets from its ConfigMaps, later ones
	 * winning.
	 */
	private Map<String, String> configuration(Deployment deployment) {
		Map<String, String> settings = new HashMap<>();
		for (EnvFromSource source : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom()) {
			settings.putAll(((ConfigMap) typed(manifest("ConfigMap", source.getConfigMapRef().getName()))).getData());
		}
		return settings;
	}

	@Test
	void everyEnvironmentVariableIsOneTheServiceReads() {
		for (String module : ProjectFiles.SERVICES) {
			ServiceConfiguration service = ServiceConfiguration.of(module);
			for (Deployment deployment : deploymentsOf(module)) {
				String name = deployment.getMetadata().getName();
				Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
				Set<String> variables = new TreeSet<>(configuration(deployment).keySet());
				container.getEnv().stream().map(EnvVar::getName).forEach(variables::add);
				assertThat(variables).as(name).isNotEmpty();
				assertThat(variables.stream().filter((variable) -> !service.reads(variable)).toList())
					.as("variables %s (%s) does not read", name, module)
					.isEmpty();
				for (EnvVar variable : container.getEnv()) {
					assertThat(variable.getValue()).as("secrets only by reference: " + variable.getName()).isNull();
				}
			}
		}
	}

	@Test
	void unknownVariablesAreCaught() {
		ServiceConfiguration intake = ServiceConfiguration.of("intake-service");
		assertThat(intake.reads("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isTrue();
		assertThat(intake.reads("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM")).isTrue();
		assertThat(intake.reads("TRIBUTARY_INTAKE_WHATSAPP_TWILIO_AUTH_TOKEN")).isTrue();
		assertThat(intake.reads("TRIBUTARY_INTAKE_WHATSAP_TWILIO_AUTH_TOKEN")).isFalse();
		assertThat(intake.reads("TRIBUTARY_NOTIFICATION_WHATSAPP_PROVIDER")).as("another service's").isFalse();
	}

	@Test
	void everyCatalogueTopicHasAKafkaTopicWithTheCatalogueSettings() {
		// The production settings are service-kit's defaults (6 partitions, RF 3, min ISR
		// 2).
		TopicProperties production = new TopicProperties(false, 6, (short) 3, 2, null);
		Map<String, KafkaTopic> topics = this.base.stream()
			.filter((m) -> m.kind().equals("KafkaTopic"))
			.map((m) -> (KafkaTopic) typed(m))
			.collect(Collectors.toMap((t) -> t.getMetadata().getName(), (t) -> t));
		List<TopicSpec> catalogue = TopicCatalogue.specs(production.settings());
		assertThat(topics.keySet())
			.containsExactlyInAnyOrderElementsOf(catalogue.stream().map(TopicSpec::name).toList());
		for (TopicSpec spec : catalogue) {
			KafkaTopic topic = topics.get(spec.name());
			assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "tributary");
			assertThat(topic.getSpec().getPartitions()).as(spec.name()).isEqualTo(spec.partitions());
			assertThat(topic.getSpec().getReplicas()).as(spec.name()).isEqualTo((int) spec.replicationFactor());
			Map<String, String> config = topic.getSpec()
				.getConfig()
				.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, (e) -> String.valueOf(e.getValue())));
			assertThat(config).as(spec.name()).isEqualTo(spec.config());
		}
	}

	/**
	 * One KafkaUser per Deployment, named as it, allowed exactly what the code that
	 * Deployment runs uses: intake's edge and its normalizer get a user each.
	 */
	@Test
	void eachDeploymentsKafkaUserIsAllowedExactlyWhatItsCodeUses() {
		List<String> deploymentNames = new ArrayList<>();
		for (String module : ProjectFiles.SERVICES) {
			for (Deployment deployment : deploymentsOf(module)) {
				String name = deployment.getMetadata().getName();
				deploymentNames.add(name);
				assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
					.as(name + " connects as its own Kafka user")
					.filteredOn((variable) -> variable.getName().equals("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"))
					.singleElement()
					.satisfies((variable) -> assertThat(variable.getValueFrom().getSecretKeyRef().getName())
						.isEqualTo(name));
				assertKafkaUserAllows(name, KafkaUsage.ofDeployment(module, name));
			}
		}
		assertThat(this.base.stream().filter((m) -> m.kind().equals("KafkaUser")).map(Manifest::name))
			.containsExactlyInAnyOrderElementsOf(deploymentNames);
	}

	private void assertKafkaUserAllows(String name, KafkaUsage usage) {
		KafkaUser user = (KafkaUser) typed(manifest("KafkaUser", name));
		List<AclRule> acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
		Set<String> reads = new TreeSet<>();
		Set<String> writes = new TreeSet<>();
		Set<String> groups = new TreeSet<>();
		Set<String> transactional = new TreeSet<>();
		for (AclRule acl : acls) {
			if (acl.getResource() instanceof AclRuleTopicResource topic) {
				assertThat(topic.getPatternType()).as("topics are literal").isEqualTo(AclResourcePatternType.LITERAL);
				if (acl.getOperations().contains(AclOperation.READ)) {
					reads.add(topic.getName());
				}
				if (acl.getOperations().contains(AclOperation.WRITE)) {
					writes.add(topic.getName());
				}
			}
			else if (acl.getResource() instanceof AclRuleGroupResource group) {
				groups.add(group.getName());
			}
			else if (acl.getResource() instanceof AclRuleTransactionalIdResource id) {
				assertThat(id.getPatternType()).isEqualTo(AclResourcePatternType.PREFIX);
				transactional.add(id.getName());
			}
			else {
				throw new AssertionError(name + " has an ACL on " + acl.getResource());
			}
		}
		assertThat(reads).as(name + " reads").isEqualTo(usage.reads());
		assertThat(writes).as(name + " writes").isEqualTo(usage.writes());
		assertThat(groups).as(name + " groups").isEqualTo(usage.groups());
		assertThat(transactional).as(name + " transactional ids").isEqualTo(usage.transactionalIdPrefixes());
	}

	@Test
	@SuppressWarnings("unchecked")
	void scalingBudgetsPoliciesAndMonitoringPointAtRealObjects() {
		HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) typed(
				manifest("HorizontalPodAutoscaler", "intake-service"));
		assertThat(deployment(hpa.getSpec().getScaleTargetRef().getName())).isNotNull();

		// Each consuming Deployment scales on the lag of exactly the groups its service's
		// code consumes with: the agent's two stages, intake's normalizer.
		Map<String, String> scaledOnLag = Map.of("agent-processor-service", "agent-processor-service",
				"intake-normalizer", "intake-service");
		assertThat(this.base.stream().filter((m) -> m.kind().equals("ScaledObject")).map(Manifest::name))
			.containsExactlyInAnyOrderElementsOf(scaledOnLag.keySet());
		scaledOnLag.forEach((name, module) -> {
			Map<String, Object> spec = (Map<String, Object>) manifest("ScaledObject", name).content().get("spec");
			assertThat(((Map<String, Object>) spec.get("scaleTargetRef")).get("name")).isEqualTo(name);
			assertThat(deploymentsOf(module)).contains(deployment(name));
			KafkaUsage usage = KafkaUsage.ofDeployment(module, name);
			List<String> scaledGroups = new ArrayList<>();
			for (Map<String, Object> trigger : (List<Map<String, Object>>) spec.get("triggers")) {
				assertThat(trigger.get("type")).isEqualTo("kafka");
				Map<String, Object> lag = (Map<String, Object>) trigger.get("metadata");
				assertThat(usage.groups()).contains((String) lag.get("consumerGroup"));
				assertThat(usage.reads()).contains((String) lag.get("topic"));
				scaledGroups.add((String) lag.get("consumerGroup"));
				String authentication = (String) ((Map<String, Object>) trigger.get("authenticationRef")).get("name");
				Map<String, Object> credentials = (Map<String, Object>) manifest("TriggerAuthentication",
						authentication)
					.content()
					.get("spec");
				assertThat((List<Map<String, Object>>) credentials.get("secretTargetRef"))
					.as(name + "'s lag is read with its own Kafka user's password")
					.anySatisfy((secret) -> assertThat(secret).containsEntry("parameter", "password")
						.containsEntry("name", name));
			}
			assertThat(scaledGroups).as(name + " scales on the lag of every group it consumes with")
				.containsExactlyInAnyOrderElementsOf(usage.groups());
			assertThat((Integer) spec.get("maxReplicaCount")).as("no more consumers than partitions")
				.isLessThanOrEqualTo(6);
		});

		for (Manifest manifest : this.base) {
			if (manifest.kind().equals("Deployment")) {
				PodDisruptionBudget budget = (PodDisruptionBudget) typed(
						manifest("PodDisruptionBudget", manifest.name()));
				assertThat(budget.getSpec().getSelector().getMatchLabels())
					.isEqualTo(deployment(manifest.name()).getSpec().getSelector().getMatchLabels());
			}
		}

		Map<String, Object> monitor = manifest("ServiceMonitor", "tributary").content();
		Map<String, Object> endpoint = ((List<Map<String, Object>>) ((Map<String, Object>) monitor.get("spec"))
			.get("endpoints")).get(0);
		assertThat(endpoint.get("path")).isEqualTo("/actuator/prometheus");
		assertThat(endpoint.get("port")).isEqualTo("http");

		Set<String> k8sAlerts = alerts(
				(Map<String, Object>) manifest("PrometheusRule", "tributary").content().get("spec"));
		Set<String> composeAlerts = alerts(ProjectFiles.yaml("deploy/prometheus/alert-rules.yml"));
		assertThat(k8sAlerts).isEqualTo(composeAlerts)
			.contains("TributaryConsumerLagHigh", "TributaryDeadLettersGrowing", "TributaryHttpErrorRate",
					"TributaryNoHeartbeat", "TributaryRedisMemoryHigh", "TributaryRedisMemoryFull");

		List<NetworkPolicy> policies = this.base.stream()
			.filter((m) -> m.kind().equals("NetworkPolicy"))
			.map((m) -> (NetworkPolicy) typed(m))
			.toList();
		assertThat(policies).as("a default deny for every pod")
			.anyMatch((p) -> p.getSpec().getPodSelector().getMatchLabels().isEmpty()
					&& p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
					&& p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty());
		for (NetworkPolicy policy : policies) {
			Map<String, String> selected = policy.getSpec().getPodSelector().getMatchLabels();
			if (!selected.isEmpty()) {
				assertThat(this.base.stream()
					.filter((m) -> m.kind().equals("Deployment") || m.kind().equals("StatefulSet"))
					.anyMatch((m) -> podLabels(m).entrySet().containsAll(selected.entrySet())))
					.as(policy.getMetadata().getName() + " selects pods that exist")
					.isTrue();
			}
		}
	}

	@Test
	void redisRefusesWritesBeforeItsContainerIsKilled() {
		StatefulSet redis = (StatefulSet) typed(manifest("StatefulSet", "redis"));
		Container container = redis.getSpec().getTemplate().getSpec().getContainers().get(0);
		List<String> args = container.getArgs();
		assertThat(args).containsSequence("--maxmemory-policy", "noeviction");
		assertThat(args).contains("--maxmemory");
		long maxMemory = redisBytes(args.get(args.indexOf("--maxmemory") + 1));
		long limit = container.getResources().getLimits().get("memory").getNumericalAmount().longValueExact();
		// Room for the fork that rewrites the append-only file.
		assertThat(maxMemory).as("maxmemory against the container's memory limit")
			.isPositive()
			.isLessThanOrEqualTo(limit * 3 / 4);
	}

	/** Redis's own size syntax: 1k = 1000, 1kb = 1024 (and m, mb, g, gb). */
	private static long redisBytes(String value) {
		String lower = value.toLowerCase(java.util.Locale.ROOT);
		String[][] units = { { "gb", "1073741824" }, { "mb", "1048576" }, { "kb", "1024" }, { "g", "1000000000" },
				{ "m", "1000000" }, { "k", "1000" } };
		for (String[] unit : units) {
			if (lower.endsWith(unit[0])) {
				return Long.parseLong(lower.substring(0, lower.length() - unit[0].length())) * Long.parseLong(unit[1]);
			}
		}
		return Long.parseLong(lower);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> podLabels(Manifest workload) {
		Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) workload.content().get("spec"))
			.get("template");
		return (Map<String, String>) ((Map<String, Object>) template.get("metadata")).get("labels");
	}

	@SuppressWarnings("unchecked")
	private static Set<String> alerts(Map<String, Object> rules) {
		Set<String> names = new TreeSet<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				names.add((String) rule.get("alert"));
			}
		}
		return names;
	}

	/** The Deployments that run a service's image. */
	private List<Deployment> deploymentsOf(String module) {
		return this.base.stream()
			.filter((m) -> m.kind().equals("Deployment"))
			.map((m) -> (Deployment) typed(m))
			.filter((d) -> d.getSpec()
				.getTemplate()
				.getSpec()
				.getContainers()
				.get(0)
				.getImage()
				.startsWith("tributary/" + module + ":"))
			.toList();
	}

	private Deployment deployment(String name) {
		return (Deployment) typed(manifest("Deployment", name));
	}

	private Manifest manifest(String kind, String name) {
		return this.base.stream()
			.filter((m) -> m.kind().equals(kind) && m.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in k8s/base"));
	}

	private static Object typed(Manifest manifest) {
		return Serialization.unmarshal(Serialization.asYaml(manifest.content()), KINDS.get(manifest.kind()));
	}

	/**
	 * Model objects keep fields they do not know in "additional properties"; any found,
	 * at any depth, is a field the real API would reject or ignore.
	 */
	private static List<String> unknownFields(Object object, String path) {
		List<String> unknown = new ArrayList<>();
		collectUnknown(object, path, unknown, new IdentityHashMap<>());
		return unknown;
	}

	private static void collectUnknown(Object object, String path, List<String> unknown,
			IdentityHashMap<Object, Boolean> seen) {
		if (object == null || seen.put(object, Boolean.TRUE) != null) {
			return;
		}
		if (object instanceof Collection<?> items) {
			int i = 0;
			for (Object item : items) {
				collectUnknown(item, path + "[" + (i++) + "]", unknown, seen);
			}
			return;
		}
		if (object instanceof Map<?, ?> map) {
			map.forEach((key, value) -> collectUnknown(value, path + "." + key, unknown, seen));
			return;
		}
		String type = object.getClass().getName();
		if (!type.startsWith("io.fabric8.kubernetes.api.model") && !type.startsWith("io.strimzi.api")) {
			return;
		}
		for (Method getter : object.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
				continue;
			}
			try {
				Object value = getter.invoke(object);
				if (getter.getName().equals("getAdditionalProperties")) {
					if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
						unknown.add(path + " " + extra.keySet());
					}
				}
				else {
					collectUnknown(value, path + "." + getter.getName().substring(3), unknown, seen);
				}
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				// A derived getter that cannot be computed: not a field.
			}
		}
	}

}
