package io.tributary.kit.progress;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a message's progress stays queryable.
 *
 * @param retention time to keep {@code message:} keys after their last update (default 7
 * days, the topics' retention)
 */
@ConfigurationProperties("tributary.progress")
public record ProgressProperties(@DefaultValue("7d") Duration retention) {

}
