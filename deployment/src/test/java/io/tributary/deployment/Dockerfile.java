package io.tributary.deployment;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * The root Dockerfile as its instructions, continuation lines joined and comments left
 * out, so that tests can run its commands as a build would.
 *
 * @param instructions every instruction in order
 */
record Dockerfile(List<Instruction> instructions) {

	/** One instruction: its keyword (upper case) and the rest of its line. */
	record Instruction(String keyword, String arguments) {
	}

	static Dockerfile read() {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder pending = new StringBuilder();
		for (String line : ProjectFiles.read("Dockerfile").split("\n")) {
			if (line.isBlank() || line.stripLeading().startsWith("#")) {
				continue;
			}
			if (line.endsWith("\\")) {
				pending.append(line, 0, line.length() - 1).append(' ');
				continue;
			}
			String whole = pending.append(line).toString().strip();
			pending.setLength(0);
			int space = whole.indexOf(' ');
			instructions.add(new Instruction(whole.substring(0, space).toUpperCase(), whole.substring(space + 1)));
		}
		return new Dockerfile(instructions);
	}

	/** The instructions of one keyword. */
	List<String> all(String keyword) {
		return this.instructions.stream()
			.filter((instruction) -> instruction.keyword().equals(keyword))
			.map(Instruction::arguments)
			.toList();
	}

	/** The instructions after the last FROM: what the image is made of. */
	List<Instruction> finalStage() {
		int from = 0;
		for (int i = 0; i < this.instructions.size(); i++) {
			if (this.instructions.get(i).keyword().equals("FROM")) {
				from = i;
			}
		}
		return this.instructions.subList(from + 1, this.instructions.size());
	}

	/** The one RUN command that starts with the given text. */
	String run(String startingWith) {
		List<String> found = all("RUN").stream().filter((command) -> command.startsWith(startingWith)).toList();
		if (found.size() != 1) {
			throw new IllegalStateException("Expected one RUN starting with '" + startingWith + "', found " + found);
		}
		return found.get(0);
	}

	/** The value the last ENV instruction that sets a variable gives it, unquoted. */
	String env(String name) {
		String value = null;
		for (String env : all("ENV")) {
			if (env.startsWith(name + "=")) {
				value = env.substring(name.length() + 1).replaceAll("^\"|\"$", "");
			}
		}
		if (value == null) {
			throw new IllegalStateException("No ENV " + name);
		}
		return value;
	}

	/** The exec-form ENTRYPOINT's arguments. */
	List<String> entrypoint() {
		List<String> entrypoints = all("ENTRYPOINT");
		return List.of(JsonMapper.shared().readValue(entrypoints.get(entrypoints.size() - 1), String[].class));
	}

}
