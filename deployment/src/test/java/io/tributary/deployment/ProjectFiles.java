package io.tributary.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository's files, read the way the tools that use them would. */
final class ProjectFiles {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static final List<String> SERVICES = List.of("intake-service", "agent-processor-service", "notification-service");

	private ProjectFiles() {
	}

	static String read(String relative) {
		try {
			return Files.readString(ROOT.resolve(relative));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every YAML document of a file, as maps. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> yamlDocuments(Path file) {
		List<Map<String, Object>> documents = new ArrayList<>();
		try {
			for (Object document : new Yaml(new LoaderOptions()).loadAll(Files.readString(file))) {
				if (document != null) {
					documents.add((Map<String, Object>) document);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return documents;
	}

	static Map<String, Object> yaml(String relative) {
		List<Map<String, Object>> documents = yamlDocuments(ROOT.resolve(relative));
		return documents.get(0);
	}

	/** Every manifest under a folder of k8s/, with the file it came from. */
	static List<Manifest> manifests(String folder) {
		try (Stream<Path> files = Files.walk(ROOT.resolve(folder))) {
			List<Manifest> manifests = new ArrayList<>();
			files.filter((file) -> file.toString().endsWith(".yaml"))
				.filter((file) -> !file.getFileName().toString().equals("kustomization.yaml"))
				.sorted()
				.forEach((file) -> yamlDocuments(file)
					.forEach((document) -> manifests.add(new Manifest(ROOT.relativize(file), document))));
			return manifests;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Java sources of a module's main code. */
	static List<String> mainSources(String module) {
		return mainSources(module, (file) -> true);
	}

	/** The module's main Java sources whose path passes the filter. */
	static List<String> mainSources(String module, java.util.function.Predicate<Path> filter) {
		try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
			return files.filter((file) -> file.toString().endsWith(".java") && filter.test(file)).map((file) -> {
				try {
					return Files.readString(file);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One Kubernetes object as written.
	 *
	 * @param file where
	 * @param content the object
	 */
	record Manifest(Path file, Map<String, Object> content) {

		String kind() {
			return (String) this.content.get("kind");
		}

		@SuppressWarnings("unchecked")
		String name() {
			return (String) ((Map<String, Object>) this.content.get("metadata")).get("name");
		}

		@Override
		public String toString() {
			return kind() + " " + name() + " (" + this.file + ")";
		}

	}

}
