package io.tributary.localstack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM options the local stack starts the services with.
 */
class ServiceProcessTests {

	@Test
	void defaultOptionsBoundTheHeapAndTheThreadsCachedDirectBuffersAndRunTheAotCode() {
		// Without the cap, notification-service held 24 MB of cached direct buffers
		// after a 200/s run; with it, 4 MB (docs/BENCHMARKS.md).
		assertThat(ServiceProcess.jvmOptions(null)).contains("-Xmx256m", "-Djdk.nio.maxCachedBufferSize=262144",
				"-Dspring.aot.enabled=true");
	}

	@Test
	void theVariableReplacesTheDefaults() {
		assertThat(ServiceProcess.jvmOptions(" -Xmx128m  -XX:+UseSerialGC ")).containsExactly("-Xmx128m",
				"-XX:+UseSerialGC");
	}

}
