package io.tributary.events;

/**
 * An event on one of Tributary's topics. Every event carries its {@link EventMetadata};
 * its type name and version come from the catalogue
 * ({@code io.tributary.events.catalogue.EventType}).
 */
public interface TributaryEvent {

	EventMetadata metadata();

}
