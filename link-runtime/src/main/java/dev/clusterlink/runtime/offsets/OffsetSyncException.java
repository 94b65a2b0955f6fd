package dev.clusterlink.runtime.offsets;

import dev.clusterlink.runtime.kafka.ClusterSide;

/**
 * A sync round could not read what it needs from a cluster; nothing was written. The
 * caller describes the cause without secrets ({@code KafkaErrors.describe}).
 */
public class OffsetSyncException extends RuntimeException {

	private final ClusterSide side;

	private final String operation;

	public OffsetSyncException(ClusterSide side, String operation, Throwable cause) {
		super(operation + " on the " + side.word() + " failed", cause);
		this.side = side;
		this.operation = operation;
	}

	/** The cluster the call went to. */
	public ClusterSide side() {
		return this.side;
	}

	/** The Admin operation, e.g. {@code listGroups}. */
	public String operation() {
		return this.operation;
	}

}
