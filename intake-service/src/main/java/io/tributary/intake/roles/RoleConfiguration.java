package io.tributary.intake.roles;

import io.tributary.intake.normalizer.NormalizerProperties;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Applies the role switches: refuses to start an instance with both roles off (it would
 * run, report healthy and do nothing), and closes the API of an instance that only
 * normalizes.
 */
@Configuration(proxyBeanMethods = false)
class RoleConfiguration implements WebMvcConfigurer {

	private final ChannelProperties channels;

	RoleConfiguration(ChannelProperties channels, NormalizerProperties normalizer) {
		if (!channels.enabled() && !normalizer.enabled()) {
			throw new IllegalStateException("This intake instance has no role: tributary.intake.channels.enabled and "
					+ "tributary.intake.normalizer.enabled are both false. Switch on the channels (the HTTP edge), "
					+ "the normalizer, or both.");
		}
		this.channels = channels;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		if (!this.channels.enabled()) {
			registry.addInterceptor(new ChannelsOff()).addPathPatterns("/api/**");
		}
	}

}
