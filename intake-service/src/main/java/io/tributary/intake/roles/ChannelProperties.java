package io.tributary.intake.roles;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether this instance answers the channels.
 *
 * @param enabled false for an instance that only normalizes: its {@code /api/} endpoints
 * (channels and message status) then answer 404, so that a pod that holds no provider
 * secret and is scaled for the normalizer takes no channel traffic even when reached
 */
@ConfigurationProperties("tributary.intake.channels")
public record ChannelProperties(@DefaultValue("true") boolean enabled) {

}
