package io.tributary.localstack;

import java.nio.file.Path;
import java.util.List;

/**
 * Command-line options of the local stack.
 *
 * @param projectDirectory the checkout whose service jars to run
 * @param dataDirectory where Kafka's log, Redis's AOF and the service logs are kept
 * @param kafkaPort the broker's client port (its controller listens on the next one)
 * @param redisPort the Redis port
 * @param smtpPort the port of the in-memory SMTP sink that receives email replies
 * @param services which services to start
 */
public record LocalStackOptions(Path projectDirectory, Path dataDirectory, int kafkaPort, int redisPort, int smtpPort,
		List<ServiceDefinition> services) {

	static final String USAGE = """
			Usage: tributary-local [--data-dir DIR] [--kafka-port N] [--redis-port N] [--smtp-port N] [--services a,b,c|none]
			  --data-dir     where Kafka, Redis and service logs keep their data (default .tributary-local)
			  --kafka-port   Kafka client port (default 9092; the KRaft controller uses the next port)
			  --redis-port   Redis port (default 6379)
			  --smtp-port    port of the SMTP sink that receives email replies (default 2525)
			  --services     which services to start: intake,agent-processor,notification (default all) or none
			""";

	public static LocalStackOptions parse(String[] args, Path projectDirectory) {
		Path data = projectDirectory.resolve(".tributary-local");
		int kafkaPort = 9092;
		int redisPort = 6379;
		int smtpPort = 2525;
		List<ServiceDefinition> services = ServiceDefinition.ALL;
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			if (name.equals("--help") || name.equals("-h")) {
				throw new IllegalArgumentException(USAGE);
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException("Missing value for " + name + "\n" + USAGE);
			}
			String value = args[++i];
			switch (name) {
				case "--data-dir" -> data = Path.of(value).toAbsolutePath();
				case "--kafka-port" -> kafkaPort = port(name, value);
				case "--redis-port" -> redisPort = port(name, value);
				case "--smtp-port" -> smtpPort = port(name, value);
				case "--services" -> services = ServiceDefinition.select(value);
				default -> throw new IllegalArgumentException("Unknown option " + name + "\n" + USAGE);
			}
		}
		return new LocalStackOptions(projectDirectory, data, kafkaPort, redisPort, smtpPort, services);
	}

	private static int port(String option, String value) {
		try {
			int port = Integer.parseInt(value);
			if (port > 0 && port < 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(option + " needs a port number, not '" + value + "'");
	}

}
