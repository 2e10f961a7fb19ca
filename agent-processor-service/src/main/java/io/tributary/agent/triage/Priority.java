package io.tributary.agent.triage;

/** How soon a person should look. */
public enum Priority {

	LOW, NORMAL, HIGH, URGENT

}
