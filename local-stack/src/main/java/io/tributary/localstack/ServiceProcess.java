package io.tributary.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One service jar running as its own JVM, its output in a log file. Separate processes
 * mirror how the services run in production and let a test or an operator kill one
 * without the others.
 */
public final class ServiceProcess {

	/** Environment variable whose value replaces the services' default JVM options. */
	public static final String JAVA_OPTIONS_VARIABLE = "TRIBUTARY_SERVICE_JAVA_OPTS";

	/** Runs the AOT-processed bean definitions the build put in each service jar. */
	static final String AOT = "-Dspring.aot.enabled=true";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final ServiceDefinition definition;

	private final Process process;

	private final Path log;

	private ServiceProcess(ServiceDefinition definition, Process process, Path log) {
		this.definition = definition;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts the service's executable jar from its module's {@code target} folder.
	 * @param definition the service
	 * @param projectDirectory the checkout
	 * @param logDirectory where to write its log
	 * @param environment environment variables pointing it at Kafka and Redis
	 * @return the running process
	 */
	public static ServiceProcess start(ServiceDefinition definition, Path projectDirectory, Path logDirectory,
			Map<String, String> environment) {
		Path jar = executableJar(projectDirectory, definition);
		try {
			Files.createDirectories(logDirectory);
			Path log = logDirectory.resolve(definition.module() + ".log");
			List<String> command = new ArrayList<>();
			command.add(javaExecutable());
			command.addAll(jvmOptions());
			command.addAll(List.of("-jar", jar.toString(), "--server.port=" + definition.port()));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().putAll(environment);
			return new ServiceProcess(definition, builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + definition.module(), ex);
		}
	}

	public ServiceDefinition definition() {
		return this.definition;
	}

	public Path log() {
		return this.log;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Waits until the readiness probe answers 200, the process dies, or the timeout
	 * passes.
	 * @param timeout how long to wait
	 * @return whether the service became ready
	 */
	public boolean awaitReady(Duration timeout) throws InterruptedException {
		URI readiness = URI.create("http://127.0.0.1:" + this.definition.port() + "/actuator/health/readiness");
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline && this.process.isAlive()) {
			try {
				HttpResponse<Void> response = HTTP.send(
						HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return true;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			// Poll gently: a starting JVM on two cores needs the CPU more than we do.
			this.process.waitFor(200, TimeUnit.MILLISECONDS);
		}
		return false;
	}

	/**
	 * Asks the service to shut down gracefully, and kills it if it has not within the
	 * grace period.
	 */
	public void stop(Duration grace) throws InterruptedException {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
		}
	}

	/**
	 * Kills the process at once (SIGKILL): no shutdown hook, no graceful stop, as when a
	 * node dies.
	 */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
	}

	/**
	 * JVM options of the services: small and quick to start by default (a laptop runs
	 * three of them); {@value #JAVA_OPTIONS_VARIABLE} replaces them, e.g. for a
	 * benchmark.
	 */
	static List<String> jvmOptions() {
		return jvmOptions(System.getenv(JAVA_OPTIONS_VARIABLE));
	}

	static List<String> jvmOptions(String configured) {
		if (configured != null && !configured.isBlank()) {
			return List.of(configured.trim().split("\\s+"));
		}
		// The JDK caches, per thread and for good, a direct buffer as large as the
		// largest socket read the thread made; Kafka fetches reach 2 MB. The cap is the
		// Dockerfile's too, and so is running the bean definitions generated at build
		// time (Spring AOT), which start the context sooner.
		return List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-Djdk.nio.maxCachedBufferSize=262144", AOT);
	}

	static Path executableJar(Path projectDirectory, ServiceDefinition definition) {
		Path target = projectDirectory.resolve(definition.module()).resolve("target");
		try (Stream<Path> files = Files.list(target)) {
			return files
				.filter((file) -> file.getFileName().toString().startsWith(definition.module())
						&& file.getFileName().toString().endsWith(".jar")
						&& !file.getFileName().toString().endsWith("-tests.jar"))
				.findFirst()
				.orElseThrow(() -> missingJar(definition, target));
		}
		catch (IOException ex) {
			throw missingJar(definition, target);
		}
	}

	private static IllegalStateException missingJar(ServiceDefinition definition, Path target) {
		return new IllegalStateException("No executable jar of " + definition.module() + " in " + target
				+ ": build it first with ./mvnw -DskipTests package");
	}

	private static String javaExecutable() {
		return ProcessHandle.current().info().command().orElse("java");
	}

}
