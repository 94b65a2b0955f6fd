package dev.clusterlink.mirrorworker;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of a mirror worker. The control cluster (command topic) is
 * {@code clusterlink.control.*} ({@link dev.clusterlink.runtime.control.ControlCluster}).
 *
 * @param instanceId this worker's id in leases, logs and client ids (default: host name
 * and a random suffix, new at every start)
 * @param sessionTimeout how long a silent worker keeps its command partitions in the
 * group
 * @param leaseTtl how long a mirror lease lasts without renewal (database time); a
 * crashed worker's mirrors move after {@code sessionTimeout + leaseTtl}
 * @param leaseRenewInterval how often leases are renewed
 * @param fenceMargin how long before its lease can expire a worker that could not renew
 * stops writing: its send window is {@code leaseTtl − fenceMargin} after the start of the
 * last renewal; the margin covers aborting the producer and the last requests landing
 * @param drainTimeout how long a mirror that stops on this worker (handover, stop,
 * shutdown) waits for its in-flight records; after it the producer is aborted and the
 * next owner settles the destination first
 * @param settleWindow how long the destination end offset of a partition must stay
 * unchanged, while the destination answers, before a producer writes to it after an abort
 * or an unclean handover (late requests of the aborted producer land within it)
 * @param stallTimeout how long records may wait for an acknowledgement before the worker
 * checks that the destination topic still exists (a stalled broker is waited for: the
 * producer never expires a record)
 * @param reconcileInterval how often the whole owned share is reconciled from the state
 * store
 * @param statusInterval how often per-partition progress is written to the state store
 * @param adminTimeout bound of each Admin API call
 * @param pollTimeout how long one poll of a source may block when no records arrive
 * (requests such as pause wake it at once)
 * @param replicationFactor replication factor of created mirror topics; -1 takes the
 * broker default
 * @param consumer source fetch tuning
 * @param producer destination produce tuning
 */
@Validated
@ConfigurationProperties("clusterlink.worker")
public record WorkerProperties(@DefaultValue("") String instanceId, @DefaultValue("10s") Duration sessionTimeout,
		@DefaultValue("30s") Duration leaseTtl, @DefaultValue("5s") Duration leaseRenewInterval,
		@DefaultValue("10s") Duration fenceMargin, @DefaultValue("30s") Duration drainTimeout,
		@DefaultValue("5s") Duration settleWindow, @DefaultValue("30s") Duration stallTimeout,
		@DefaultValue("5s") Duration reconcileInterval, @DefaultValue("2s") Duration statusInterval,
		@DefaultValue("10s") Duration adminTimeout, @DefaultValue("500ms") Duration pollTimeout,
		@DefaultValue("-1") short replicationFactor, @DefaultValue Consumer consumer, @DefaultValue Producer producer) {

	public WorkerProperties {
		if (instanceId == null || instanceId.isBlank()) {
			instanceId = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
		}
		if (leaseTtl.minus(fenceMargin).compareTo(leaseRenewInterval.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException("clusterlink.worker.lease-ttl must exceed fence-margin + two "
					+ "lease-renew-intervals, so that a worker renews at least twice within its send window");
		}
		if (producer.maxUnacked().toBytes() >= producer.bufferMemory().toBytes()) {
			throw new IllegalArgumentException("clusterlink.worker.producer.max-unacked must be below "
					+ "clusterlink.worker.producer.buffer-memory, so that the copy never blocks inside the producer");
		}
	}

	/**
	 * How long after the start of its last successful renewal a worker may still hand
	 * records to its producer; when it passes, the producer is aborted
	 * ({@code fenceMargin} before the lease can expire in database time).
	 */
	public Duration sendWindow() {
		return this.leaseTtl.minus(this.fenceMargin);
	}

	private static String hostName() {
		try {
			return java.net.InetAddress.getLocalHost().getHostName();
		}
		catch (java.io.IOException ex) {
			return "worker";
		}
	}

	/**
	 * Source consumer tuning (one consumer per worker and link).
	 *
	 * @param fetchMaxWait how long the source broker holds a fetch while it has no new
	 * data (new data answers it at once, so this bounds idle polling, not latency)
	 * @param maxPartitionFetchBytes bytes per partition per fetch
	 * @param fetchMaxBytes bytes per fetch
	 * @param maxPollRecords records per poll
	 * @param receiveBuffer socket receive buffer
	 */
	public record Consumer(@DefaultValue("500ms") Duration fetchMaxWait,
			@DefaultValue("4MB") DataSize maxPartitionFetchBytes, @DefaultValue("64MB") DataSize fetchMaxBytes,
			@DefaultValue("10000") int maxPollRecords, @DefaultValue("1MB") DataSize receiveBuffer) {
	}

	/**
	 * Destination producer tuning (one idempotent {@code acks=all} producer per worker
	 * and link). The producer never expires a record ({@code delivery.timeout.ms} is
	 * unbounded, like Kafka Connect's): a stalled or restarted broker is waited for, with
	 * the idempotent producer's own retries keeping order and dropping duplicates. An
	 * expired batch would let the batches after it be re-sequenced into its offsets
	 * (DESIGN.md §4).
	 *
	 * @param linger how long a batch waits for more records
	 * @param batchSize bytes per batch
	 * @param compression compression of produced batches (none, gzip, snappy, lz4, zstd)
	 * @param maxRequestSize the largest request; must exceed the largest source record
	 * @param bufferMemory producer buffer
	 * @param maxUnacked the most bytes a link may have sent but not acknowledged (bounds
	 * what a frozen worker could still hold; below {@code bufferMemory}, so the copy
	 * thread waits here, where requests wake it, rather than blocked in the producer)
	 * @param requestTimeout how long one produce request may take before the producer
	 * retries it on a new connection (same sequence numbers: no duplicate)
	 * @param maxBlock how long a send may wait for destination metadata (a topic that is
	 * gone makes the send fail after it)
	 */
	public record Producer(@DefaultValue("2ms") Duration linger, @DefaultValue("512KB") DataSize batchSize,
			@DefaultValue("lz4") String compression, @DefaultValue("16MB") DataSize maxRequestSize,
			@DefaultValue("128MB") DataSize bufferMemory, @DefaultValue("96MB") DataSize maxUnacked,
			@DefaultValue("30s") Duration requestTimeout, @DefaultValue("5s") Duration maxBlock) {
	}

}
