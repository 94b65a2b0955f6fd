package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.kafka.KafkaClientFactory;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.mirrorworker.ownership.LeaseKeeper;
import dev.clusterlink.mirrorworker.status.MirrorMetrics;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.offsets.OffsetSegment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Copies the partitions of one link that this worker owns: one source consumer and one
 * idempotent {@code acks=all} producer, byte for byte, on one thread (DESIGN.md §4).
 *
 * <p>
 * The loop reads top-down: apply requests; after a failed send, rebuild the producer and
 * reposition every partition from the destination end offset (the destination is the
 * checkpoint); fetch only partitions that may be written (started, not halted, not
 * paused, lease fresh); copy each polled batch, storing new offset runs before their
 * records are sent; verify each acknowledgement in the send callback. A partition whose
 * records were fetched but may not be sent is moved back so nothing is skipped.
 */
final class LinkPipeline implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LinkPipeline.class);

	/** Bytes counted per record beside key and value (batch and record headers). */
	private static final long RECORD_OVERHEAD = 64;

	private final String link;

	private final ClusterConnection source;

	private final ClusterConnection destination;

	private final WorkerProperties properties;

	private final PartitionStore store;

	private final LeaseKeeper leases;

	private final MirrorMetrics metrics;

	private final Events events;

	private final Map<TopicPartition, PartitionMirror> partitions = new ConcurrentHashMap<>();

	private final Set<UUID> pausedMirrors = ConcurrentHashMap.newKeySet();

	private final Map<UUID, CompletableFuture<Void>> removals = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<List<PartitionMirror>> additions = new ConcurrentLinkedQueue<>();

	/**
	 * Bytes sent and not yet acknowledged: added per polled partition by the copy thread,
	 * taken back per record by the producer's I/O thread (a LongAdder: the two threads do
	 * not contend on one counter).
	 */
	private final LongAdder unackedBytes = new LongAdder();

	/** The copy thread waits for acknowledgements to free room under max-unacked. */
	private volatile boolean waitingForRoom;

	private final Object signal = new Object();

	private volatile boolean running = true;

	private volatile boolean resetNeeded;

	private volatile boolean assignmentChanged;

	private final Thread thread;

	private KafkaConsumer<byte[], byte[]> consumer;

	private KafkaProducer<byte[], byte[]> producer;

	private Admin destinationAdmin;

	private long lastObservedAll;

	LinkPipeline(String link, ClusterConnection source, ClusterConnection destination, WorkerProperties properties,
			PartitionStore store, LeaseKeeper leases, MirrorMetrics metrics, Events events) {
		this.link = link;
		this.source = source;
		this.destination = destination;
		this.properties = properties;
		this.store = store;
		this.leases = leases;
		this.metrics = metrics;
		this.events = events;
		this.thread = new Thread(this::run, "mirror-" + link);
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	/** Adds partitions; they start at the destination end offset. */
	void add(List<PartitionMirror> added) {
		this.additions.add(List.copyOf(added));
		wake();
	}

	/**
	 * Stops copying a mirror: its partitions stop fetching, its in-flight records are
	 * acknowledged or failed, then they are unassigned.
	 * @param mirrorId the mirror
	 * @return completes when nothing of the mirror is in flight any more
	 */
	CompletableFuture<Void> remove(UUID mirrorId) {
		CompletableFuture<Void> done = this.removals.computeIfAbsent(mirrorId, (id) -> new CompletableFuture<>());
		wake();
		return done;
	}

	/**
	 * Pauses or resumes fetching for a mirror (operator pause, link pause, promotion
	 * drain).
	 */
	void pause(UUID mirrorId, boolean paused) {
		boolean changed = paused ? this.pausedMirrors.add(mirrorId) : this.pausedMirrors.remove(mirrorId);
		if (changed) {
			wake();
		}
	}

	/** Whether fetching is paused for a mirror. */
	boolean isPaused(UUID mirrorId) {
		return this.pausedMirrors.contains(mirrorId);
	}

	/** The partitions of a mirror on this pipeline. */
	List<PartitionMirror> partitionsOf(UUID mirrorId) {
		return this.partitions.values().stream().filter((pm) -> pm.mirrorId.equals(mirrorId)).toList();
	}

	Collection<PartitionMirror> partitions() {
		return this.partitions.values();
	}

	/** Whether the pipeline still copies anything. */
	boolean isEmpty() {
		return this.partitions.isEmpty() && this.additions.isEmpty();
	}

	boolean usesClusters(ClusterConnection source, ClusterConnection destination) {
		return this.source.equals(source) && this.destination.equals(destination);
	}

	@Override
	public void close() {
		this.running = false;
		wake();
		try {
			this.thread.join(this.properties.producer().deliveryTimeout().toMillis() + 5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run() {
		MDC.put("link", this.link);
		try {
			openClients();
			while (this.running) {
				try {
					loopOnce();
				}
				catch (OffsetOutOfRangeException ex) {
					outOfRange(ex);
				}
				catch (WakeupException ex) {
					// a request arrived
				}
				catch (RuntimeException ex) {
					log.warn("mirror({}): copy loop failed, retrying in 1s: {}", this.link, ex.toString());
					this.resetNeeded = true;
					pauseFor(Duration.ofSeconds(1));
				}
			}
		}
		finally {
			closeClients();
			this.removals.values().forEach((done) -> done.complete(null));
			MDC.remove("link");
		}
	}

	private void loopOnce() {
		applyAdditions();
		if (this.resetNeeded) {
			reset();
			return;
		}
		completeRemovals();
		if (this.partitions.isEmpty()) {
			awaitSignal(Duration.ofMillis(500));
			return;
		}
		updateFetching();
		long maxUnacked = this.properties.producer().maxUnacked().toBytes();
		if (this.unackedBytes.sum() > maxUnacked) {
			// set before the second look: an acknowledgement after it wakes this thread
			this.waitingForRoom = true;
			if (this.unackedBytes.sum() > maxUnacked) {
				awaitSignal(Duration.ofMillis(20));
			}
			this.waitingForRoom = false;
			return;
		}
		ConsumerRecords<byte[], byte[]> records = this.consumer.poll(this.properties.pollTimeout());
		for (TopicPartition tp : records.partitions()) {
			copy(tp, records.records(tp));
		}
		observe(records.partitions());
	}

	/**
	 * Sends the records of one polled partition, in order, each with its expected
	 * destination offset.
	 */
	private void copy(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
		PartitionMirror pm = this.partitions.get(tp);
		if (pm == null) {
			return;
		}
		if (!sendable(pm)) {
			this.consumer.seek(tp, pm.nextSource()); // fetched before the pause took
														// effect: fetch again later
			return;
		}
		List<OffsetSegment> runs = pm.runsFor(records);
		if (!runs.isEmpty()) {
			try {
				this.store.appendRuns(pm.lease, tp.partition(), pm.map(), runs);
				pm.addRuns(runs);
				log.debug("copy({}): source gap, {} new run(s) from source offset {}", pm, runs.size(),
						runs.get(0).sourceStart());
			}
			catch (RuntimeException ex) {
				log.warn("copy({}): storing offset runs failed, retrying: {}", pm, ex.getMessage());
				this.consumer.seek(tp, pm.nextSource());
				return;
			}
		}
		MirrorMetrics.MirrorMeters meters = this.metrics.of(pm.link, pm.mirror);
		long maxUnacked = this.properties.producer().maxUnacked().toBytes();
		long chunkBytes = 0;
		for (ConsumerRecord<byte[], byte[]> record : records) {
			chunkBytes += sizeOf(record);
		}
		// counted before the first send: its acknowledgement may come before the loop
		// ends
		this.unackedBytes.add(chunkBytes);
		pm.sending(records.size());
		int sent = 0;
		try {
			int last = records.size() - 1;
			for (ConsumerRecord<byte[], byte[]> record : records) {
				send(pm, meters, record, maxUnacked, sent == last);
				sent++;
				chunkBytes -= sizeOf(record);
			}
		}
		finally {
			if (sent < records.size()) {
				// send threw: the rest was never handed to the producer
				pm.sending(sent - records.size());
				this.unackedBytes.add(-chunkBytes);
			}
		}
	}

	/**
	 * Sends one record with its expected destination offset; the acknowledgement verifies
	 * the offset the broker assigned (verify-on-ack).
	 * @param sample whether the acknowledgement records a latency sample (the last record
	 * of each chunk)
	 */
	private void send(PartitionMirror pm, MirrorMetrics.MirrorMeters meters, ConsumerRecord<byte[], byte[]> record,
			long maxUnacked, boolean sample) {
		long sourceOffset = record.offset();
		long expected = pm.claim(sourceOffset);
		long size = sizeOf(record);
		long timestamp = record.timestamp();
		this.producer.send(
				new ProducerRecord<>(pm.destination.topic(), pm.destination.partition(),
						(timestamp >= 0) ? timestamp : null, record.key(), record.value(), record.headers()),
				(metadata, failure) -> {
					this.unackedBytes.add(-size);
					if (failure != null) {
						pm.failed(failure);
						this.resetNeeded = true;
						wake();
					}
					else if (pm.acknowledged(sourceOffset, expected, metadata.offset())) {
						meters.copied(size - RECORD_OVERHEAD);
						if (sample) {
							meters.latency(timestamp, System.currentTimeMillis());
						}
					}
					else if (pm.reportHalt()) {
						this.events.halted(pm);
					}
					if (this.waitingForRoom && this.unackedBytes.sum() <= maxUnacked) {
						wakeWaiter();
					}
				});
	}

	/** What a record takes in the producer's buffers: key, value and a batch overhead. */
	private static long sizeOf(ConsumerRecord<byte[], byte[]> record) {
		return Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize()) + RECORD_OVERHEAD;
	}

	/**
	 * A partition may be fetched and written: started, not halted, not paused, lease
	 * fresh.
	 */
	private boolean sendable(PartitionMirror pm) {
		return pm.isStarted() && pm.halted() == null && !this.pausedMirrors.contains(pm.mirrorId)
				&& !this.removals.containsKey(pm.mirrorId) && this.leases.canSend(pm.mirrorId);
	}

	private void updateFetching() {
		List<TopicPartition> fetch = new ArrayList<>();
		List<TopicPartition> hold = new ArrayList<>();
		Map<UUID, Boolean> sendable = new HashMap<>();
		for (PartitionMirror pm : this.partitions.values()) {
			boolean ok = sendable.computeIfAbsent(pm.mirrorId, (id) -> this.leases.canSend(id)) && sendable(pm);
			(ok ? fetch : hold).add(pm.source);
		}
		Set<TopicPartition> paused = this.consumer.paused();
		List<TopicPartition> toResume = fetch.stream().filter(paused::contains).toList();
		List<TopicPartition> toPause = hold.stream().filter((tp) -> !paused.contains(tp)).toList();
		if (!toPause.isEmpty()) {
			this.consumer.pause(toPause);
		}
		if (!toResume.isEmpty()) {
			// records fetched while paused are dropped by the consumer; make sure we
			// continue where we stopped
			for (TopicPartition tp : toResume) {
				this.consumer.seek(tp, this.partitions.get(tp).nextSource());
			}
			this.consumer.resume(toResume);
		}
	}

	private void applyAdditions() {
		List<PartitionMirror> added = new ArrayList<>();
		List<PartitionMirror> batch;
		while ((batch = this.additions.poll()) != null) {
			for (PartitionMirror pm : batch) {
				PartitionMirror previous = this.partitions.putIfAbsent(pm.source, pm);
				if (previous == null) {
					added.add(pm);
				}
			}
		}
		if (added.isEmpty()) {
			return;
		}
		this.consumer.assign(this.partitions.keySet());
		if (!position(added)) {
			this.resetNeeded = true;
		}
		log.info("mirror({}): now copying {} partition(s) (+{})", this.link, this.partitions.size(), added.size());
	}

	/**
	 * Positions partitions at the destination end offset; false when the destination did
	 * not answer.
	 */
	private boolean position(Collection<PartitionMirror> targets) {
		List<PartitionMirror> live = targets.stream().filter((pm) -> pm.halted() == null).toList();
		if (live.isEmpty()) {
			return true;
		}
		Map<TopicPartition, Long> ends;
		Map<TopicPartition, Long> starts;
		try {
			ends = offsets(live, OffsetSpec.latest());
			starts = offsets(live, OffsetSpec.earliest());
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			log.warn("mirror({}): reading destination end offsets failed, retrying: {}", this.link, ex.toString());
			pauseFor(Duration.ofSeconds(1));
			return false;
		}
		for (PartitionMirror pm : live) {
			long end = ends.get(pm.destination);
			try {
				this.store.trimRuns(pm.lease, pm.destination.partition(), end);
			}
			catch (RuntimeException ex) {
				log.warn("position({}): trimming offset runs failed: {}", pm, ex.getMessage());
				return false;
			}
			long next = pm.startAt(end);
			pm.observedDestinationStart(starts.get(pm.destination));
			this.consumer.seek(pm.source, next);
			log.debug("position({}): destination ends at {}, next source offset {} ({})", pm, end, next, pm.map());
		}
		return true;
	}

	private Map<TopicPartition, Long> offsets(Collection<PartitionMirror> targets, OffsetSpec spec) throws Exception {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		targets.forEach((pm) -> request.put(pm.destination, spec));
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = this.destinationAdmin.listOffsets(request)
			.all()
			.get(this.properties.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
		Map<TopicPartition, Long> offsets = new HashMap<>();
		result.forEach((tp, info) -> offsets.put(tp, info.offset()));
		return offsets;
	}

	/**
	 * After a failed send the outcome of every in-flight record is unknown: close the
	 * producer (its callbacks all complete), open a new one, and reposition every
	 * partition from the destination end offset.
	 */
	private void reset() {
		log.info("mirror({}): a send failed; reopening the producer and continuing from the destination end offsets",
				this.link);
		this.producer.close(this.properties.producer().deliveryTimeout());
		this.producer = new KafkaProducer<>(producerConfig());
		this.unackedBytes.reset();
		if (position(this.partitions.values())) {
			this.resetNeeded = false;
			this.partitions.values().forEach(PartitionMirror::clearError);
		}
	}

	private void completeRemovals() {
		for (Map.Entry<UUID, CompletableFuture<Void>> removal : this.removals.entrySet()) {
			List<PartitionMirror> owned = partitionsOf(removal.getKey());
			if (owned.stream().anyMatch((pm) -> pm.inFlight() > 0)) {
				continue;
			}
			owned.forEach((pm) -> this.partitions.remove(pm.source));
			if (!owned.isEmpty()) {
				this.consumer.assign(this.partitions.keySet());
			}
			this.pausedMirrors.remove(removal.getKey());
			this.removals.remove(removal.getKey());
			removal.getValue().complete(null);
		}
	}

	/**
	 * Keeps positions and source end offsets fresh for lag (polled partitions now, all
	 * every second).
	 */
	private void observe(Set<TopicPartition> polled) {
		long now = System.nanoTime();
		boolean all = now - this.lastObservedAll > TimeUnit.SECONDS.toNanos(1);
		Collection<TopicPartition> targets = all ? this.consumer.assignment() : polled;
		if (all) {
			this.lastObservedAll = now;
		}
		Set<TopicPartition> paused = this.consumer.paused();
		for (TopicPartition tp : targets) {
			PartitionMirror pm = this.partitions.get(tp);
			if (pm == null || !pm.isStarted() || paused.contains(tp)) {
				continue;
			}
			long position = this.consumer.position(tp, Duration.ZERO);
			OptionalLong lag = this.consumer.currentLag(tp);
			pm.observed(position, lag.isPresent() ? position + lag.getAsLong() : null);
		}
	}

	/**
	 * The source no longer has the offset to fetch: retention deleted records not
	 * mirrored yet (or the link skips them by policy), or the source log ended before the
	 * mirrored position.
	 */
	private void outOfRange(OffsetOutOfRangeException ex) {
		ex.offsetOutOfRangePartitions().forEach((tp, fetchOffset) -> {
			PartitionMirror pm = this.partitions.get(tp);
			if (pm == null) {
				return;
			}
			long start = this.consumer.beginningOffsets(List.of(tp)).get(tp);
			long end = this.consumer.endOffsets(List.of(tp)).get(tp);
			this.events.outOfRange(pm, fetchOffset, start, end, (skipTo) -> {
				this.consumer.seek(tp, skipTo);
			});
			if (pm.halted() != null) {
				this.consumer.pause(List.of(tp));
			}
		});
	}

	private void openClients() {
		String clientId = "clusterlink-worker-" + this.properties.instanceId() + "-" + this.link;
		this.consumer = new KafkaConsumer<>(consumerConfig(clientId));
		this.producer = new KafkaProducer<>(producerConfig());
		this.destinationAdmin = KafkaClientFactory.admin(this.destination, clientId + "-admin",
				this.properties.adminTimeout());
	}

	private Map<String, Object> consumerConfig(String clientId) {
		Map<String, Object> config = KafkaClientFactory.rawConsumerConfig(this.source, clientId + "-source");
		WorkerProperties.Consumer tuning = this.properties.consumer();
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) tuning.fetchMaxWait().toMillis());
		config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, (int) tuning.maxPartitionFetchBytes().toBytes());
		config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, (int) tuning.fetchMaxBytes().toBytes());
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, tuning.maxPollRecords());
		config.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, (int) tuning.receiveBuffer().toBytes());
		config.put(ConsumerConfig.CHECK_CRCS_CONFIG, true);
		config.putIfAbsent(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
		return config;
	}

	private Map<String, Object> producerConfig() {
		String clientId = "clusterlink-worker-" + this.properties.instanceId() + "-" + this.link + "-destination";
		Map<String, Object> config = KafkaClientFactory.rawProducerConfig(this.destination, clientId);
		WorkerProperties.Producer tuning = this.properties.producer();
		config.put(ProducerConfig.LINGER_MS_CONFIG, (int) tuning.linger().toMillis());
		config.put(ProducerConfig.BATCH_SIZE_CONFIG, (int) tuning.batchSize().toBytes());
		config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, tuning.compression());
		config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) tuning.maxRequestSize().toBytes());
		config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, tuning.bufferMemory().toBytes());
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) tuning.deliveryTimeout().toMillis());
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) tuning.requestTimeout().toMillis());
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) tuning.requestTimeout().toMillis());
		config.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
		return config;
	}

	private void closeClients() {
		Duration drain = this.properties.producer().deliveryTimeout();
		if (this.producer != null) {
			this.producer.close(drain);
		}
		if (this.consumer != null) {
			this.consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
		}
		if (this.destinationAdmin != null) {
			this.destinationAdmin.close(Duration.ofSeconds(5));
		}
	}

	private void wake() {
		KafkaConsumer<byte[], byte[]> current = this.consumer;
		if (current != null && Thread.currentThread() != this.thread) {
			current.wakeup();
		}
		wakeWaiter();
	}

	private void wakeWaiter() {
		synchronized (this.signal) {
			this.signal.notifyAll();
		}
	}

	private void awaitSignal(Duration timeout) {
		synchronized (this.signal) {
			try {
				this.signal.wait(timeout.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void pauseFor(Duration duration) {
		awaitSignal(duration);
	}

	/** What the pipeline reports to the reconciler. */
	interface Events {

		/** A partition halted (its {@link PartitionMirror#halted()} says why). */
		void halted(PartitionMirror partition);

		/**
		 * The source no longer has the offset the partition would fetch.
		 * @param partition the partition
		 * @param fetchOffset the offset it would fetch
		 * @param sourceStart the source log start offset
		 * @param sourceEnd the source end offset
		 * @param skipTo moves the fetch position (when the link skips lost records)
		 */
		void outOfRange(PartitionMirror partition, long fetchOffset, long sourceStart, long sourceEnd,
				java.util.function.LongConsumer skipTo);

	}

	static MirrorState stateOf(PartitionMirror pm) {
		Halt halt = pm.halted();
		return (halt != null) ? halt.state() : MirrorState.ACTIVE;
	}

	static Set<UUID> mirrorsOf(Collection<PartitionMirror> partitions) {
		Set<UUID> ids = new HashSet<>();
		partitions.forEach((pm) -> ids.add(pm.mirrorId));
		return ids;
	}

}
