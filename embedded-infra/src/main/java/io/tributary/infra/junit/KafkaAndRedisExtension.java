package io.tributary.infra.junit;

import io.tributary.infra.SharedInfrastructure;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the {@link SharedInfrastructure} once per JVM (kept in the root store, so JUnit
 * closes it when the run ends) and publishes its addresses as system properties before
 * any Spring context of the test class is created.
 */
public final class KafkaAndRedisExtension implements BeforeAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(KafkaAndRedisExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		shared(context).springProperties().forEach(System::setProperty);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == SharedInfrastructure.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return shared(extensionContext);
	}

	private static SharedInfrastructure shared(ExtensionContext context) {
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(SharedInfrastructure.class, (key) -> SharedInfrastructure.startInTemporaryDirectory(),
					SharedInfrastructure.class);
	}

}
