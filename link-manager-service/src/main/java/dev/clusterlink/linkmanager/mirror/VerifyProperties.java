package dev.clusterlink.linkmanager.mirror;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the mirror verifier, which runs in the link manager.
 *
 * @param maxRecordsPerSecond source records all verifications of this link manager read
 * per second at most, together (a token bucket), so that verifying does not starve the
 * copy
 * @param maxConcurrent verifications running at a time; more wait in a queue
 * @param maxQueued verifications waiting at a time; more are refused with 429
 * {@code verification-limit-reached}
 * @param maxPollRecords {@code max.poll.records} of the verifier's consumers
 * @param fetchMaxBytes {@code fetch.max.bytes} of the verifier's consumers
 * @param maxPartitionFetchBytes {@code max.partition.fetch.bytes} of the verifier's
 * consumers
 * @param pollTimeout how long one poll may block
 * @param stallTimeout a partition whose reads make no progress this long fails the
 * verification
 * @param staleAfter a live verification whose link manager has not renewed it this long
 * is failed (its process died)
 */
@ConfigurationProperties("clusterlink.verify")
public record VerifyProperties(@DefaultValue("50000") int maxRecordsPerSecond, @DefaultValue("2") int maxConcurrent,
		@DefaultValue("20") int maxQueued, @DefaultValue("500") int maxPollRecords,
		@DefaultValue("8MB") DataSize fetchMaxBytes, @DefaultValue("1MB") DataSize maxPartitionFetchBytes,
		@DefaultValue("1s") Duration pollTimeout, @DefaultValue("2m") Duration stallTimeout,
		@DefaultValue("1m") Duration staleAfter) {

	public VerifyProperties {
		if (maxRecordsPerSecond < 1 || maxConcurrent < 1 || maxQueued < 0 || maxPollRecords < 1) {
			throw new IllegalArgumentException("clusterlink.verify: rates, counts and sizes must be positive");
		}
	}

}
