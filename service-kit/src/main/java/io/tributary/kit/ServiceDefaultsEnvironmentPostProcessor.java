package io.tributary.kit;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code tributary-service-defaults.yml} as the lowest-precedence property source,
 * so the three services share one set of Kafka, actuator and shutdown defaults that each
 * service's {@code application.yml}, environment variables and arguments can still
 * override.
 */
public class ServiceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String RESOURCE = "tributary-service-defaults.yml";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("tributaryServiceDefaults",
					new ClassPathResource(RESOURCE))) {
				environment.getPropertySources().addLast(source);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + RESOURCE, ex);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
