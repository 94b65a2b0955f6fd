package dev.clusterlink.runtime.task;

import java.time.Duration;

import dev.clusterlink.runtime.store.LinkTaskStatus;

/**
 * What tells one sync service's link task from another's; everything else is the
 * runtime's.
 *
 * @param name the task in thread names and client ids, e.g. {@code acl-sync}
 * @param displayName the task in logs and metric descriptions, e.g. {@code ACL sync}
 * @param statusTask the task in the state store's {@code link_tasks} table, e.g.
 * {@link LinkTaskStatus#ACL_SYNC}
 * @param groupId the consumer group of every instance of the service on the command topic
 * @param metricPrefix the prefix of its meters, e.g. {@code clusterlink.aclsync}
 * @param adminCallsPerRound how many Admin calls a round makes one after the other, at
 * most: a revoked link waits that many admin timeouts for its round in flight
 * @param followsMirrors whether a {@code MirrorChanged} command makes its link due
 */
public record LinkTask(String name, String displayName, String statusTask, String groupId, String metricPrefix,
		int adminCallsPerRound, boolean followsMirrors) {

	/** How long a hand-over waits for a round in flight. */
	public Duration drainTimeout(Duration adminTimeout) {
		return adminTimeout.multipliedBy(this.adminCallsPerRound).plusSeconds(5);
	}

}
