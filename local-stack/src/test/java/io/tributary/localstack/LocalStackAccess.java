package io.tributary.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.tributary.infra.FreePorts;
import jakarta.mail.internet.MimeMessage;

/**
 * The local stack as system tests drive it: started with extra settings, services killed
 * and restarted, Kafka and Redis stopped and started, the SMTP sink read.
 */
public final class LocalStackAccess {

	private final LocalStack stack;

	private final List<ServiceDefinition> services;

	private LocalStackAccess(LocalStack stack, List<ServiceDefinition> services) {
		this.stack = stack;
		this.services = services;
	}

	public static LocalStackAccess start(Path data, int intakePort, Map<String, String> environment) throws Exception {
		List<ServiceDefinition> services = ServiceDefinition.ALL.stream()
			.map((service) -> new ServiceDefinition(service.name(), service.module(),
					service.module().equals("intake-service") ? intakePort : FreePorts.find()))
			.toList();
		LocalStack stack = new LocalStack(new LocalStackOptions(Path.of("..").toAbsolutePath().normalize(), data,
				FreePorts.findPair(), FreePorts.find(), FreePorts.find(), services))
			.withEnvironment(environment);
		LocalStackAccess access = new LocalStackAccess(stack, services);
		try {
			stack.start();
		}
		catch (Exception ex) {
			stack.stop();
			throw ex;
		}
		return access;
	}

	public String intakeUrl() {
		return "http://127.0.0.1:" + this.services.get(0).port();
	}

	public String serviceUrl(String module) {
		return "http://127.0.0.1:" + this.services.stream()
			.filter((service) -> service.module().equals(module))
			.findFirst()
			.orElseThrow()
			.port();
	}

	public String bootstrapServers() {
		return this.stack.kafka().bootstrapServers();
	}

	public void kill(String module) throws InterruptedException {
		this.stack.service(module).kill();
	}

	public void restart(String module) throws InterruptedException {
		this.stack.restart(module);
	}

	public boolean isAlive(String module) {
		return this.stack.service(module).isAlive();
	}

	/** The last lines of a service's log, to explain a failure. */
	public List<String> logTail(String module, int lines) throws IOException {
		List<String> all = Files.readAllLines(this.stack.service(module).log());
		return all.subList(Math.max(0, all.size() - lines), all.size());
	}

	public void stopKafka() {
		this.stack.kafka().stop();
	}

	public void startKafka() {
		this.stack.kafka().start();
	}

	public void stopRedis() {
		this.stack.redis().stop();
	}

	public void startRedis() {
		this.stack.redis().start();
	}

	public List<MimeMessage> mails() {
		return Arrays.asList(this.stack.mailSink().getReceivedMessages());
	}

	public void stop() {
		this.stack.stop();
	}

}
