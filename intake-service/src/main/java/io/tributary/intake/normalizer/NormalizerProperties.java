package io.tributary.intake.normalizer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The normalizer's settings.
 *
 * @param enabled whether this instance runs the normalizer
 * @param concurrency consumer threads (at most the partition count is useful)
 * @param maxTextLength longest text kept; longer texts are cut and marked as truncated
 * @param maxSubjectLength longest subject kept
 */
@ConfigurationProperties("tributary.intake.normalizer")
public record NormalizerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2") int concurrency,
		@DefaultValue("10000") int maxTextLength, @DefaultValue("300") int maxSubjectLength) {

}
