package io.tributary.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image's class data sharing archive, made and used by the Dockerfile's own commands,
 * run here without Docker: stage 2's extraction and layer copies, stage 3's training,
 * then a start as the ENTRYPOINT gives it. The image's paths ({@code /app}, {@code /tmp})
 * are moved under a temporary folder, the same way in every command. A JVM that cannot
 * use its archive (another class path than the training's, a jar changed since) starts
 * without it and says nothing, so the test asks the JVM where it loaded the service's
 * classes from.
 */
class ImageClassDataSharingTests {

	private static final String SERVICE = "intake-service";

	private static final Pattern IMAGE_PATH = Pattern.compile("(?<![\\w.])/(app|tmp)/");

	private static final String MAIN_CLASS = "io.tributary.intake.IntakeApplication";

	private final Dockerfile dockerfile = Dockerfile.read();

	@TempDir
	Path build;

	@Test
	void aStartAsTheImageRunsItLoadsTheServiceFromTheArchiveItsBuildTrained() throws Exception {
		Path javaHome = Path.of(System.getProperty("java.home"));
		assertThat(javaHome.resolve("lib/server/classes.jsa"))
			.as("the training runs with this JDK, which needs its base archive (java -Xshare:dump makes it)")
			.exists();
		Path layers = Files.createDirectories(this.build.resolve("layers"));
		Path app = Files.createDirectories(this.build.resolve("app"));
		Path tmp = Files.createDirectories(this.build.resolve("tmp"));

		Files.copy(ServiceConfiguration.executableJar(SERVICE), layers.resolve("app.jar"));
		run(List.of("sh", "-c", this.dockerfile.run("java -Djarmode=tools")), layers, Map.of(), "extraction");
		String javaToolOptions = this.dockerfile.env("JAVA_TOOL_OPTIONS").replace("=/tmp", "=" + tmp);
		Map<String, String> environment = Map.of("JAVA_HOME", javaHome.toString(), "PATH",
				javaHome.resolve("bin") + ":" + System.getenv("PATH"), "SERVICE", SERVICE, "JAVA_TOOL_OPTIONS",
				javaToolOptions);
		// The final stage in order, so that a training before a copy is seen to fail:
		// its layer copies and its training, not the RUN that adds the image's user.
		boolean trained = false;
		for (Dockerfile.Instruction instruction : this.dockerfile.finalStage()) {
			if (instruction.keyword().equals("COPY") && instruction.arguments().startsWith("--from=layers ")) {
				copyTree(layers.resolve(instruction.arguments().split(" ")[1].replaceFirst("^/layers/", "")), app);
			}
			else if (instruction.keyword().equals("RUN") && instruction.arguments().contains("ArchiveClassesAtExit")) {
				String training = inImage(instruction.arguments(), app, tmp);
				assertThat(training).contains("-XX:ArchiveClassesAtExit=" + app.resolve("app.jsa"))
					.contains("-Dspring.context.exit=onRefresh");
				run(List.of("sh", "-c", training), app, environment, "training");
				trained = true;
			}
		}
		assertThat(trained).as("the final stage trains an archive").isTrue();
		assertThat(app.resolve("app.jsa")).exists();

		List<String> start = new ArrayList<>();
		for (String argument : this.dockerfile.entrypoint()) {
			start.add(inImage(argument, app, tmp));
		}
		assertThat(start).contains("-XX:SharedArchiveFile=" + app.resolve("app.jsa"));
		// Load and refresh the context as a start would, and leave before the listeners
		// start: no broker is needed to see where the classes came from.
		start.addAll(1, List.of("-Xlog:class+load=info", "-Dspring.context.exit=onRefresh",
				"-Dspring.kafka.admin.operation-timeout=2s", "-Dspring.kafka.admin.close-timeout=1s"));
		String output = run(start, app, environment, "start");
		assertThat(output).contains(MAIN_CLASS + " source: shared objects file")
			.contains("io.tributary.kit.TributaryServiceAutoConfiguration source: shared objects file");
	}

	/**
	 * The image's own paths in a command, moved: in one pass, as each move is itself
	 * under /tmp.
	 */
	private static String inImage(String command, Path app, Path tmp) {
		return IMAGE_PATH.matcher(command)
			.replaceAll((path) -> Matcher.quoteReplacement((path.group(1).equals("app") ? app : tmp) + "/"));
	}

	private String run(List<String> command, Path directory, Map<String, String> environment, String step)
			throws IOException, InterruptedException {
		Path log = this.build.resolve(step + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		boolean exited = process.waitFor(3, TimeUnit.MINUTES);
		if (!exited) {
			process.destroyForcibly();
		}
		String output = Files.readString(log);
		assertThat(exited && process.exitValue() == 0).as("%s (%s) failed:%n%s", step, command, tail(output)).isTrue();
		return output;
	}

	private static String tail(String output) {
		List<String> lines = output.lines().toList();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			paths.forEach((path) -> {
				try {
					Path target = to.resolve(from.relativize(path).toString());
					if (Files.isDirectory(path)) {
						Files.createDirectories(target);
					}
					else {
						Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
