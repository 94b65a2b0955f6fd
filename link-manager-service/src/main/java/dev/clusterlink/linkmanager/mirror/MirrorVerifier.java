package dev.clusterlink.linkmanager.mirror;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;

import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.linkmanager.SingletonJobs;
import dev.clusterlink.linkmanager.cluster.ClusterGateway;
import dev.clusterlink.offsets.OffsetMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Runs mirror verifications in the background, on a small pool of its own
 * ({@code clusterlink.verify.max-concurrent} threads, a bounded queue): per verification
 * two consumers (source read_committed as the worker reads, destination), assigned
 * partition by partition, records compared in order by {@link RecordComparator}, all
 * verifications together paced by one {@link RecordPacer}. Progress is written about once
 * a second; a verification that is no longer RUNNING in the table (cancelled) stops at
 * its next write. The process renews its live verifications, and a singleton job fails
 * those nobody renewed (their link manager died), so a restart leaves none RUNNING.
 */
@Component
class MirrorVerifier implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(MirrorVerifier.class);

	private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final VerificationStore store;

	private final ClusterGateway gateway;

	private final VerifyProperties properties;

	private final Clock clock;

	private final SingletonJobs jobs;

	private final TaskScheduler scheduler;

	private final RecordPacer pacer;

	private final ThreadPoolExecutor executor;

	private final String instanceId = UUID.randomUUID().toString();

	private final Set<UUID> running = ConcurrentHashMap.newKeySet();

	private final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();

	private volatile boolean stopping;

	private volatile ScheduledFuture<?> heartbeat;

	MirrorVerifier(VerificationStore store, ClusterGateway gateway, VerifyProperties properties, Clock clock,
			SingletonJobs jobs, TaskScheduler scheduler) {
		this.store = store;
		this.gateway = gateway;
		this.properties = properties;
		this.clock = clock;
		this.jobs = jobs;
		this.scheduler = scheduler;
		this.pacer = new RecordPacer(properties.maxRecordsPerSecond());
		AtomicInteger threads = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(properties.maxConcurrent(), properties.maxConcurrent(), 0,
				TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(Math.max(1, properties.maxQueued())), (task) -> {
					Thread thread = new Thread(task, "mirror-verifier-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		Duration stale = this.properties.staleAfter();
		this.heartbeat = this.scheduler.scheduleWithFixedDelay(() -> {
			try {
				this.store.heartbeat(this.instanceId);
			}
			catch (RuntimeException ex) {
				log.warn("verifications: heartbeat failed: {}", ex.toString());
			}
		}, stale.dividedBy(4));
		this.jobs.schedule("verification-stale-sweep", stale.dividedBy(2), () -> {
			int failed = this.store.failStale(stale, this.clock.instant());
			if (failed > 0) {
				log.warn("verifications: {} left RUNNING by a link manager that stopped marked FAILED", failed);
			}
		});
	}

	String instanceId() {
		return this.instanceId;
	}

	/** Whether {@code count} more verifications can be accepted now. */
	boolean hasRoom(int count) {
		int free = this.properties.maxConcurrent() - this.executor.getActiveCount()
				+ this.executor.getQueue().remainingCapacity();
		return !this.stopping && count <= free;
	}

	/**
	 * Queues a verification whose row is in the table (QUEUED).
	 * @param job what to compare
	 * @throws RejectedExecutionException when the queue is full
	 */
	void submit(Job job) {
		if (this.stopping) {
			throw new RejectedExecutionException("the link manager is stopping");
		}
		this.executor.execute(() -> run(job));
	}

	/** Asks a verification running here to stop (the table row is already CANCELLED). */
	void cancel(UUID id) {
		if (this.running.contains(id)) {
			this.cancelled.add(id);
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		this.stopping = true;
		if (this.heartbeat != null) {
			this.heartbeat.cancel(false);
		}
		this.executor.shutdownNow();
		if (!this.executor.awaitTermination(10, TimeUnit.SECONDS)) {
			log.warn("verifications: threads still running at shutdown");
		}
	}

	private void run(Job job) {
		this.running.add(job.id());
		if (!this.store.start(job.id(), this.clock.instant())) {
			this.running.remove(job.id());
			return; // cancelled while queued
		}
		long started = System.nanoTime();
		List<PartitionReport> reports = new ArrayList<>(job.initialReports());
		Progress progress = new Progress(job, reports, started);
		Map<String, Object> sourceConfig = Map.of();
		Map<String, Object> destinationConfig = Map.of();
		try {
			sourceConfig = consumerConfig(job.sourceClusterId(), job, "source");
			destinationConfig = consumerConfig(job.destinationClusterId(), job, "destination");
			compareAll(job, progress, reports, sourceConfig, destinationConfig);
			boolean matched = reports.stream().allMatch((r) -> r.matched() && !"FAILED".equals(r.status()));
			boolean compared = reports.stream().anyMatch((r) -> !"SKIPPED".equals(r.status()));
			VerificationState state = !compared ? VerificationState.FAILED
					: matched ? VerificationState.MATCHED : VerificationState.MISMATCHED;
			String reason = compared ? null : "no partition of the mirror is set up yet: nothing to compare";
			end(job, progress, state, reason);
			log.info("verification {} of {}/{}: {} ({} records compared)", job.id(), job.link(), job.mirror(), state,
					progress.compared());
		}
		catch (CancellationException ex) {
			progress.markCurrent("CANCELLED", null);
			end(job, progress, VerificationState.CANCELLED,
					this.stopping ? "the link manager stopped" : "cancelled by an operator");
		}
		catch (RuntimeException ex) {
			String reason = KafkaErrors.describe(ex, secrets(sourceConfig, destinationConfig));
			progress.markCurrent("FAILED", reason);
			end(job, progress, VerificationState.FAILED, reason);
			log.warn("verification {} of {}/{} failed: {}", job.id(), job.link(), job.mirror(), reason);
		}
		finally {
			this.running.remove(job.id());
			this.cancelled.remove(job.id());
		}
	}

	private void compareAll(Job job, Progress progress, List<PartitionReport> reports, Map<String, Object> sourceConfig,
			Map<String, Object> destinationConfig) {
		try (KafkaConsumer<byte[], byte[]> source = new KafkaConsumer<>(sourceConfig);
				KafkaConsumer<byte[], byte[]> destination = new KafkaConsumer<>(destinationConfig)) {
			for (Plan plan : job.plans()) {
				int index = job.indexOf(plan.partition());
				RecordComparator comparator = new RecordComparator(plan.partition(), plan.fromOffset(), plan.toOffset(),
						plan.mapping());
				progress.current(index, comparator);
				TopicPartition sourceTp = new TopicPartition(job.sourceTopic(), plan.partition());
				TopicPartition destinationTp = new TopicPartition(job.destinationTopic(), plan.partition());
				String note = null;
				long sourceFrom = plan.fromOffset();
				long sourceFirst = source.beginningOffsets(List.of(sourceTp)).get(sourceTp);
				if (sourceFirst > sourceFrom) {
					note = "source offsets before " + sourceFirst + " were deleted (retention): not compared";
					sourceFrom = Math.min(sourceFirst, plan.toOffset());
				}
				long sourceEnd = Math.min(plan.toOffset(), source.endOffsets(List.of(sourceTp)).get(sourceTp));
				long destinationFrom = Math.max(plan.destinationFrom(),
						destination.beginningOffsets(List.of(destinationTp)).get(destinationTp));
				long destinationEnd = Math.min(plan.destinationTo(),
						destination.endOffsets(List.of(destinationTp)).get(destinationTp));
				if (sourceFrom > plan.fromOffset()) {
					destinationFrom = Math.max(destinationFrom, plan.mapping().applyAsLong(sourceFrom));
				}
				log.debug("verification {}: partition {}: source [{}, {}), destination [{}, {}) (planned [{}, {}))",
						job.id(), plan.partition(), sourceFrom, sourceEnd, destinationFrom, destinationEnd,
						plan.destinationFrom(), plan.destinationTo());
				comparator.compare(
						new PartitionReader(source, sourceTp, sourceFrom, sourceEnd, this.pacer,
								this.properties.pollTimeout(), this.properties.stallTimeout(), progress::cancelled),
						new PartitionReader(destination, destinationTp, destinationFrom, destinationEnd, null,
								this.properties.pollTimeout(), this.properties.stallTimeout(), progress::cancelled),
						progress::tick);
				PartitionReport report = comparator.finish();
				reports.set(index, (note != null) ? report.withStatus(report.status(), note) : report);
				progress.partitionDone(comparator);
			}
		}
	}

	private void end(Job job, Progress progress, VerificationState state, String reason) {
		try {
			// a cancelled row stays CANCELLED: the update is conditional on a live state
			if (state == VerificationState.CANCELLED && !this.stopping) {
				this.store.reportCancelled(job.id(), progress.reports(), progress.done(), progress.compared(),
						progress.rate());
				return;
			}
			this.store.finish(job.id(), this.stopping ? VerificationState.FAILED : state, reason, progress.reports(),
					progress.done(), progress.compared(), progress.rate(), this.clock.instant());
		}
		catch (RuntimeException ex) {
			log.warn("verification {}: its end could not be recorded: {}", job.id(), ex.toString());
		}
	}

	private Map<String, Object> consumerConfig(UUID clusterId, Job job, String side) {
		Map<String, Object> config = this.gateway.consumerConfig(clusterId,
				"clusterlink-verify-" + job.id().toString().substring(0, 8) + "-" + side);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, this.properties.maxPollRecords());
		config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, (int) this.properties.fetchMaxBytes().toBytes());
		config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
				(int) this.properties.maxPartitionFetchBytes().toBytes());
		return config;
	}

	private static Collection<String> secrets(Map<String, Object> a, Map<String, Object> b) {
		List<String> values = new ArrayList<>();
		for (Map<String, Object> config : List.of(a, b)) {
			config.values().forEach((value) -> values.add(String.valueOf(value)));
		}
		return values;
	}

	/**
	 * What one verification compares.
	 *
	 * @param id the verification
	 * @param link the link name
	 * @param mirror the mirror name (its destination topic)
	 * @param sourceClusterId the source cluster
	 * @param destinationClusterId the destination cluster
	 * @param sourceTopic the source topic
	 * @param destinationTopic the mirror topic
	 * @param plans the partitions to compare, in partition order
	 * @param initialReports one report per partition (PENDING or SKIPPED), in partition
	 * order
	 */
	record Job(UUID id, String link, String mirror, UUID sourceClusterId, UUID destinationClusterId, String sourceTopic,
			String destinationTopic, List<Plan> plans, List<PartitionReport> initialReports) {

		int indexOf(int partition) {
			for (int i = 0; i < this.initialReports.size(); i++) {
				if (this.initialReports.get(i).partition() == partition) {
					return i;
				}
			}
			throw new IllegalArgumentException("no partition " + partition);
		}

	}

	/**
	 * One partition to compare.
	 *
	 * @param partition the partition
	 * @param fromOffset the first source offset
	 * @param toOffset the end source offset (exclusive)
	 * @param destinationFrom where the copy of {@code fromOffset} is (or the next copy)
	 * @param destinationTo where the copy of {@code toOffset} would be
	 * @param mapping source offset to destination offset
	 */
	record Plan(int partition, long fromOffset, long toOffset, long destinationFrom, long destinationTo,
			LongUnaryOperator mapping) {

		static Plan of(int partition, long fromOffset, long toOffset, OffsetMap map, long mirroredOffset,
				long destinationEnd) {
			return new Plan(partition, fromOffset, toOffset,
					map.destinationPositionFor(fromOffset, mirroredOffset, destinationEnd),
					map.destinationPositionFor(toOffset, mirroredOffset, destinationEnd),
					RecordComparator.mapping(map, mirroredOffset, destinationEnd));
		}

	}

	/** Progress of one run, written about once a second. */
	private final class Progress {

		private final Job job;

		private final List<PartitionReport> reports;

		private final long startedNanos;

		private long lastWrite = System.nanoTime();

		private long doneBefore;

		private long comparedBefore;

		private int index = -1;

		private RecordComparator current;

		Progress(Job job, List<PartitionReport> reports, long startedNanos) {
			this.job = job;
			this.reports = reports;
			this.startedNanos = startedNanos;
		}

		void current(int index, RecordComparator comparator) {
			this.index = index;
			this.current = comparator;
			this.reports.set(index, comparator.report("RUNNING"));
		}

		void partitionDone(RecordComparator comparator) {
			PartitionReport report = this.reports.get(this.index);
			this.doneBefore += report.toOffset() - report.fromOffset();
			this.comparedBefore += comparator.compared();
			this.current = null;
			this.index = -1;
		}

		void markCurrent(String status, String reason) {
			if (this.current != null) {
				this.reports.set(this.index, this.current.report(status).withStatus(status, reason));
			}
		}

		boolean cancelled() {
			return MirrorVerifier.this.stopping || MirrorVerifier.this.cancelled.contains(this.job.id())
					|| Thread.currentThread().isInterrupted();
		}

		void tick() {
			long now = System.nanoTime();
			if (now - this.lastWrite < PROGRESS_NANOS) {
				return;
			}
			this.lastWrite = now;
			if (cancelled()) {
				throw new CancellationException("cancelled");
			}
			this.reports.set(this.index, this.current.report("RUNNING"));
			if (!MirrorVerifier.this.store.progress(this.job.id(), this.reports, done(), compared(), rate())) {
				throw new CancellationException("no longer RUNNING in the table");
			}
		}

		List<PartitionReport> reports() {
			return this.reports;
		}

		long done() {
			return this.doneBefore + ((this.current != null) ? this.current.offsetsDone() : 0);
		}

		long compared() {
			return this.comparedBefore + ((this.current != null) ? this.current.compared() : 0);
		}

		double rate() {
			double seconds = (System.nanoTime() - this.startedNanos) / 1e9;
			return (seconds <= 0) ? 0 : Math.round(compared() / seconds * 10) / 10.0;
		}

	}

}
