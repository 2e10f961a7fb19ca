package io.tributary.agent.triage;

import java.util.List;

/**
 * What triage concluded.
 *
 * @param category the category, {@code general} when no rule matched
 * @param sentiment the lexicon score (negative is unhappy)
 * @param priority the priority
 * @param escalationReasons why a person must take over; empty when the reply may answer
 */
public record Triage(String category, int sentiment, Priority priority, List<String> escalationReasons) {

	public boolean escalated() {
		return !this.escalationReasons.isEmpty();
	}

}
