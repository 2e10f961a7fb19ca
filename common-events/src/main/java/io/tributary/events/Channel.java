package io.tributary.events;

/** The channels customers write in on. */
public enum Channel {

	EMAIL, WHATSAPP, WEB_FORM

}
