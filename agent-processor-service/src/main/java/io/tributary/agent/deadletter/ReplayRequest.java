package io.tributary.agent.deadletter;

/**
 * Which dead letters to replay: one ({@code partition} and {@code fromOffset} =
 * {@code toOffset}), a range of one partition, or everything (all fields absent).
 *
 * @param partition the partition, or absent for all
 * @param fromOffset the first offset, inclusive, or absent for the beginning
 * @param toOffset the last offset, inclusive, or absent for the end
 */
public record ReplayRequest(Integer partition, Long fromOffset, Long toOffset) {

	boolean includes(int recordPartition, long offset) {
		return (this.partition == null || this.partition == recordPartition)
				&& (this.fromOffset == null || offset >= this.fromOffset)
				&& (this.toOffset == null || offset <= this.toOffset);
	}

}
