package io.tributary.localstack;

import java.util.Arrays;
import java.util.List;

/**
 * A Tributary service the stack can run: its Maven module and its HTTP port.
 *
 * @param name the short name used on the command line
 * @param module the Maven module (and jar name prefix)
 * @param port the HTTP port
 */
public record ServiceDefinition(String name, String module, int port) {

	public static final List<ServiceDefinition> ALL = List.of(new ServiceDefinition("intake", "intake-service", 8080),
			new ServiceDefinition("agent-processor", "agent-processor-service", 8081),
			new ServiceDefinition("notification", "notification-service", 8082));

	static List<ServiceDefinition> select(String names) {
		if (names.equals("none")) {
			return List.of();
		}
		return Arrays.stream(names.split(",")).map(String::trim).map(ServiceDefinition::named).toList();
	}

	private static ServiceDefinition named(String name) {
		return ALL.stream()
			.filter((service) -> service.name().equals(name) || service.module().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown service '" + name + "'; known: " + ALL.stream().map(ServiceDefinition::name).toList()));
	}

}
