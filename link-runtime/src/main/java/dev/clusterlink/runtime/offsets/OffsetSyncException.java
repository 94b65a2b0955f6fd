package dev.clusterlink.runtime.offsets;

/**
 * A sync round could not read what it needs from a cluster; nothing was written. The
 * caller describes the cause without secrets ({@code KafkaErrors.describe}).
 */
public class OffsetSyncException extends RuntimeException {

	private final Side side;

	private final String operation;

	public OffsetSyncException(Side side, String operation, Throwable cause) {
		super(operation + " on the " + side.word() + " failed", cause);
		this.side = side;
		this.operation = operation;
	}

	/** The cluster the call went to. */
	public Side side() {
		return this.side;
	}

	/** The Admin operation, e.g. {@code listGroups}. */
	public String operation() {
		return this.operation;
	}

	/** Which cluster of the link a call went to. */
	public enum Side {

		SOURCE("source"), DESTINATION("destination");

		private final String word;

		Side(String word) {
			this.word = word;
		}

		public String word() {
			return this.word;
		}

	}

}
