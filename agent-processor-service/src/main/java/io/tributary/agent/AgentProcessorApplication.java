package io.tributary.agent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Dedup, identity resolution, tickets, triage, automatic replies and dead-letter replay.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AgentProcessorApplication {

	public static void main(String[] args) {
		SpringApplication.run(AgentProcessorApplication.class, args);
	}

}
