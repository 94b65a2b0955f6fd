package dev.clusterlink.mirrorworker.mirror;

import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.PartitionState;
import org.apache.kafka.common.TopicPartition;

/**
 * Why a partition or a mirror stopped copying and waits for an operator: a fail-closed
 * state and a reason that says what happened and what to do (DESIGN.md §5). Every halt
 * the worker knows is built here, one factory and one message per cause, so that the same
 * cause reads the same wherever it is found (set-up, copy loop, topic sync).
 *
 * @param state DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED or FAILED
 * @param reason the explanation shown in the API
 */
record Halt(MirrorState state, String reason) {

	private static final String ACKNOWLEDGE = "resume with acknowledgeDataLoss=true";

	Halt {
		if (!state.isFailClosed()) {
			throw new IllegalArgumentException(state + " is not a fail-closed state");
		}
	}

	/** The state the partition rows show for this halt. */
	PartitionState partitionState() {
		return PartitionState.halted(this.state);
	}

	// ---- DATA_LOSS

	/**
	 * Source retention deleted records of a partition before they were mirrored.
	 * @param partition the partition
	 * @param firstLost the first offset not mirrored
	 * @param sourceStart the source log start offset now (past {@code firstLost})
	 */
	static Halt dataLoss(int partition, long firstLost, long sourceStart) {
		return new Halt(MirrorState.DATA_LOSS,
				"partition " + partition + ": source retention deleted " + (sourceStart - firstLost)
						+ " record(s) (offsets " + firstLost + " to " + (sourceStart - 1)
						+ ") before they were mirrored. Nothing more is written to this partition. Resume with "
						+ "acknowledgeDataLoss=true to skip them (the loss is recorded), or fail over");
	}

	// ---- TOPIC_RESET

	/**
	 * The source topic was deleted and recreated: its id changed.
	 * @param topic the source topic
	 * @param expectedId the id the mirror was set up with
	 * @param actualId the id it has now
	 */
	static Halt topicReset(String topic, String expectedId, String actualId) {
		return new Halt(MirrorState.TOPIC_RESET, "source topic " + topic + " was deleted and recreated (topic id "
				+ expectedId + " is now " + actualId
				+ "); its offsets start again and must not overwrite what was mirrored, so nothing more is written. "
				+ "Resume with acknowledgeDataLoss=true to mirror the new topic after the old data, or fail over");
	}

	// ---- OFFSET_DIVERGED

	/**
	 * An acknowledgement at another offset than the one the record was sent for
	 * (verify-on-ack, DESIGN.md §4).
	 */
	static Halt acknowledgedElsewhere(TopicPartition destination, long sourceOffset, long expected, long actual) {
		return new Halt(MirrorState.OFFSET_DIVERGED, "partition " + destination.partition()
				+ ": the copy of source offset " + sourceOffset + " was expected at destination offset " + expected
				+ " but the broker assigned " + actual
				+ "; something other than this link wrote to the mirror topic (another producer, or a worker that "
				+ "resumed after losing its lease). Nothing more is written. Check who can write to the topic, then "
				+ ACKNOWLEDGE + " or fail over");
	}

	/**
	 * After an unclean handover the last destination record is not the copy the offset
	 * map puts there (the tail check, DESIGN.md §8).
	 */
	static Halt tailDiverged(TopicPartition destination, long destinationOffset, long sourceOffset) {
		return new Halt(MirrorState.OFFSET_DIVERGED, "partition " + destination.partition()
				+ ": after an unclean handover the last destination record (offset " + destinationOffset
				+ ") is not the copy of source offset " + sourceOffset
				+ ", which the offset map puts there; a record is out of place (a late write of a stopped worker, or "
				+ "another producer). Nothing more is written. Compare the two topics, then " + ACKNOWLEDGE
				+ " or fail over");
	}

	// ---- FAILED

	/**
	 * The source log ends before the mirrored position: the source lost records the
	 * mirror has.
	 */
	static Halt sourceLogBehind(int partition, long sourceEnd, long mirrored) {
		return new Halt(MirrorState.FAILED, "partition " + partition + ": the source log ends at " + sourceEnd
				+ ", before the mirrored position " + mirrored
				+ "; the source lost records the mirror already has (unclean leader election or a recreated topic)");
	}

	/** The destination refuses a record for good (too large, not authorized, ...). */
	static Halt sendRejected(TopicPartition destination, long sourceOffset, long bytes, long expected, String cause) {
		return new Halt(MirrorState.FAILED,
				"partition " + destination.partition() + ": the copy of source offset " + sourceOffset + " (" + bytes
						+ " bytes, for destination offset " + expected + ") cannot be written: " + cause
						+ ". Nothing after it is written to this partition; the other partitions go on. Fix the "
						+ "cause, then resume the mirror, or fail it over");
	}

	/** The mirror topic is gone from the destination after the mirror copied into it. */
	static Halt destinationTopicGone(String topic) {
		return new Halt(MirrorState.FAILED,
				"the mirror topic " + topic
						+ " does not exist on the destination any more (deleted?); nothing more is written. Fail the "
						+ "mirror over or delete it, and create it again to mirror from the start");
	}

	/** {@link #destinationTopicGone} for one partition of the topic. */
	static Halt destinationTopicGone(TopicPartition destination) {
		return new Halt(MirrorState.FAILED,
				"partition " + destination.partition() + ": " + destinationTopicGone(destination.topic()).reason());
	}

	/** The source topic is gone (at set-up). */
	static Halt sourceTopicGone(String topic) {
		return new Halt(MirrorState.FAILED, "source topic " + topic
				+ " does not exist any more on the source cluster; fail the mirror over or delete it");
	}

	/** The destination partition holds records before the mirror's set-up wrote any. */
	static Halt destinationNotEmpty(int partition, long destinationEnd, long start) {
		return new Halt(MirrorState.FAILED,
				"destination partition " + partition + " already holds " + destinationEnd
						+ " records, more than the start offset " + start
						+ "; something else wrote to the mirror topic before its set-up");
	}

	/**
	 * A reversed mirror's destination (the old source topic) ends below the offset the
	 * link manager found when it accepted the reverse: it was recreated or truncated.
	 */
	static Halt adoptedTopicShrunk(int partition, long destinationEnd, long start) {
		return new Halt(MirrorState.FAILED,
				"destination partition " + partition + " ends at " + destinationEnd + ", below " + start
						+ " where the reverse found it; the old source topic was recreated or truncated since. "
						+ "Delete this mirror and reverse again");
	}

	/** The leading gap was filled, yet the destination does not end where it should. */
	static Halt fillMismatch(int partition, long end, long start) {
		return new Halt(MirrorState.FAILED, "destination partition " + partition + " ends at " + end
				+ " after filling the leading gap up to " + start + "; something else writes to the mirror topic");
	}

	/**
	 * A partition halted in an earlier run and not acknowledged since: it stays halted
	 * with the reason stored then.
	 */
	static Halt stored(MirrorState state, @org.jspecify.annotations.Nullable String storedReason) {
		return new Halt(state, (storedReason != null) ? storedReason : state.name());
	}

}
