package io.tributary.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a service reads: every configuration property documented in the metadata inside
 * its executable jar (its own properties, service-kit's and those of every Spring Boot
 * module it ships), and its HTTP port. An environment variable is one the service reads
 * when Spring Boot's relaxed binding maps it to one of these properties.
 */
final class ServiceConfiguration {

	/** Read by the JVM itself, not by Spring. */
	private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

	private final String module;

	private final Map<String, String> properties = new HashMap<>();

	private ServiceConfiguration(String module) {
		this.module = module;
	}

	static ServiceConfiguration of(String module) {
		ServiceConfiguration configuration = new ServiceConfiguration(module);
		configuration.load(executableJar(module));
		return configuration;
	}

	int port() {
		Map<String, Object> application = ProjectFiles.yaml(this.module + "/src/main/resources/application.yml");
		@SuppressWarnings("unchecked")
		Map<String, Object> server = (Map<String, Object>) application.get("server");
		return (Integer) server.get("port");
	}

	/**
	 * Whether Spring Boot binds this environment variable to a property of this service:
	 * {@code FOO_BAR_BAZ} is {@code foo.bar.baz} or {@code foo.bar-baz} (underscores for
	 * dots or dashes) or {@code foo.barbaz}, or an entry of a map or list property.
	 */
	boolean reads(String variable) {
		if (JVM_VARIABLES.contains(variable)) {
			return true;
		}
		String asName = variable.toLowerCase(Locale.ROOT).replace('_', '.');
		for (Map.Entry<String, String> property : this.properties.entrySet()) {
			String dotted = property.getKey().replace('-', '.');
			String joined = property.getKey().replace("-", "");
			if (asName.equals(dotted) || asName.equals(joined)) {
				return true;
			}
			String type = String.valueOf(property.getValue());
			boolean container = type.startsWith("java.util.Map") || type.startsWith("java.util.List")
					|| type.startsWith("java.util.Set") || type.endsWith("[]");
			if (container && (asName.startsWith(dotted + ".") || asName.startsWith(joined + "."))) {
				return true;
			}
		}
		return false;
	}

	private void load(Path jar) {
		try (JarFile file = new JarFile(jar.toFile())) {
			// The service's own metadata: Boot's repackaging moves META-INF to the top.
			for (String name : List.of("META-INF/spring-configuration-metadata.json",
					"BOOT-INF/classes/META-INF/spring-configuration-metadata.json")) {
				JarEntry own = file.getJarEntry(name);
				if (own != null) {
					try (InputStream in = file.getInputStream(own)) {
						read(in);
					}
				}
			}
			for (JarEntry entry : java.util.Collections.list(file.entries())) {
				if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
					try (JarInputStream nested = new JarInputStream(file.getInputStream(entry))) {
						for (JarEntry inner = nested.getNextJarEntry(); inner != null; inner = nested
							.getNextJarEntry()) {
							if (inner.getName().equals("META-INF/spring-configuration-metadata.json")) {
								read(nested);
							}
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void read(InputStream metadata) throws IOException {
		JsonNode root = JsonMapper.shared().readTree(metadata.readAllBytes());
		for (JsonNode property : root.path("properties")) {
			this.properties.put(property.get("name").asString(),
					property.has("type") ? property.get("type").asString() : "");
		}
	}

	static Path executableJar(String module) {
		Path target = ProjectFiles.ROOT.resolve(module).resolve("target");
		try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*.jar")) {
			for (Path jar : jars) {
				if (!jar.toString().endsWith("-sources.jar") && !jar.toString().endsWith("-tests.jar")) {
					return jar;
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Build " + module + " first (./mvnw verify builds every module in order)",
					ex);
		}
		throw new IllegalStateException("No executable jar of " + module + " in " + target);
	}

	static List<String> modules() {
		return ProjectFiles.SERVICES;
	}

}
