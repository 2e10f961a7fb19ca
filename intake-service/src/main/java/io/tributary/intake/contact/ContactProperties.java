package io.tributary.intake.contact;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How contacts are read.
 *
 * @param defaultRegion ISO 3166 region assumed for phone numbers written without a
 * country code
 */
@ConfigurationProperties("tributary.intake.contacts")
public record ContactProperties(@DefaultValue("US") String defaultRegion) {

}
