package dev.clusterlink.mirrorworker.ownership;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.clusterlink.mirrorworker.Schedules;
import dev.clusterlink.mirrorworker.WorkerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The leases this worker holds: takes them, renews them all on a thread of their own (so
 * a slow reconcile never delays a renewal), fences a mirror the moment its send window
 * closes, and tells the owner of a mirror when its lease is lost.
 *
 * <p>
 * Fencing (DESIGN.md §8): a worker that cannot renew (PostgreSQL down, process paused)
 * stops by itself. The copy thread checks {@link Lease#canSend(long)} before every
 * handover to the producer, and the fence thread of this class, which does not wait on
 * the database, tells the pipeline to abort its producer as soon as
 * {@link WorkerProperties#sendWindow()} has passed since the last renewal started.
 *
 * <p>
 * Threads and rights (DESIGN.md §9): {@code lease-renewer} renews every held lease in one
 * statement and writes only renewal times, and marks leases lost (then the
 * {@link #onLost} listener submits the mirror's stop to the reconciler);
 * {@code lease-fence} never waits on the database, marks leases fenced and calls the
 * {@link #onFenced} listener, which may only abort a producer; {@link #acquire} and
 * {@link #release} are the reconciler thread's.
 */
@Component
public class LeaseKeeper implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

	private final LeaseStore store;

	private final WorkerProperties properties;

	private final Map<UUID, Lease> held = new ConcurrentHashMap<>();

	private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "lease-renewer");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Closes send windows on time, whatever the renewer is doing (a renewal may hang on
	 * an unreachable database for the whole connection timeout).
	 */
	private final ScheduledExecutorService fence = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "lease-fence");
		thread.setDaemon(true);
		return thread;
	});

	/** How often the fence thread looks for closed send windows. */
	private static final long FENCE_CHECK_MILLIS = 100;

	private final Counter lostCounter;

	private volatile Consumer<Lease> onLost = (lease) -> {
	};

	private volatile Consumer<Lease> onFenced = (lease) -> {
	};

	LeaseKeeper(LeaseStore store, WorkerProperties properties, MeterRegistry registry) {
		this.store = store;
		this.properties = properties;
		this.lostCounter = Counter.builder("clusterlink.lease.lost")
			.description("mirror leases this worker lost (not renewed in time, or taken over)")
			.tag("worker", properties.instanceId())
			.register(registry);
		long interval = properties.leaseRenewInterval().toMillis();
		this.renewer.scheduleWithFixedDelay(Schedules.guarded("renewing leases", this::renewAll), interval, interval,
				TimeUnit.MILLISECONDS);
		this.fence.scheduleWithFixedDelay(Schedules.guarded("fencing leases", this::fenceStale), FENCE_CHECK_MILLIS,
				FENCE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
	}

	/** Who to tell when a lease is lost (the reconciler stops that mirror). */
	public void onLost(Consumer<Lease> listener) {
		this.onLost = listener;
	}

	/**
	 * Who to tell when a lease's send window closes without a renewal (the pipeline
	 * aborts its producer if records of the mirror are in flight). Called on the fence
	 * thread, at most once per missed renewal.
	 */
	public void onFenced(Consumer<Lease> listener) {
		this.onFenced = listener;
	}

	/**
	 * The lease of a mirror, taken now if it is free or expired.
	 * @param mirrorId the mirror
	 * @return the lease, or {@code null} while another worker holds it
	 */
	public @Nullable Lease acquire(UUID mirrorId) {
		Lease current = this.held.get(mirrorId);
		if (current != null && !current.isLost()) {
			return current;
		}
		long start = System.nanoTime();
		LeaseStore.Granted granted = this.store.acquire(mirrorId, this.properties.instanceId(),
				this.properties.leaseTtl());
		if (granted == null) {
			return null;
		}
		Lease lease = new Lease(mirrorId, granted.epoch(), start, this.properties.sendWindow().toNanos(),
				granted.predecessorDrained());
		this.held.put(mirrorId, lease);
		log.info("lease of mirror {} acquired, epoch {}{}", mirrorId, lease.epoch(),
				granted.predecessorDrained() ? "" : " (the previous holder did not hand over cleanly: settling first)");
		return lease;
	}

	/** The lease held on a mirror, if any. */
	public @Nullable Lease get(UUID mirrorId) {
		Lease lease = this.held.get(mirrorId);
		return (lease != null && !lease.isLost()) ? lease : null;
	}

	/** Whether this worker may hand records of a mirror to its producer now. */
	public boolean canSend(UUID mirrorId) {
		Lease lease = this.held.get(mirrorId);
		return lease != null && lease.canSend(System.nanoTime());
	}

	/**
	 * Releases a lease.
	 * @param mirrorId the mirror
	 * @param drained whether nothing of the mirror is in flight any more; when false the
	 * next holder settles the destination before writing
	 */
	public void release(UUID mirrorId, boolean drained) {
		Lease lease = this.held.remove(mirrorId);
		if (lease != null && !lease.isLost()) {
			try {
				this.store.release(lease, this.properties.instanceId(), drained);
				log.info("lease of mirror {} released (epoch {}{})", mirrorId, lease.epoch(),
						drained ? "" : ", with sends of unknown outcome");
			}
			catch (RuntimeException ex) {
				log.warn("releasing the lease of mirror {} failed; it expires by itself: {}", mirrorId,
						ex.getMessage());
			}
		}
	}

	/** The mirrors whose leases this worker holds. */
	public Set<UUID> heldMirrors() {
		return Set.copyOf(this.held.keySet());
	}

	void renewAll() {
		List<Lease> leases = this.held.values().stream().filter((lease) -> !lease.isLost()).toList();
		if (leases.isEmpty()) {
			return;
		}
		long start = System.nanoTime();
		Set<UUID> renewed;
		try {
			renewed = this.store.renew(leases, this.properties.instanceId(), this.properties.leaseTtl());
		}
		catch (RuntimeException ex) {
			log.warn("renewing {} lease(s) failed; writing stops {}s after the last renewal: {}", leases.size(),
					this.properties.sendWindow().toSeconds(), ex.getMessage());
			return;
		}
		for (Lease lease : leases) {
			if (renewed.contains(lease.mirrorId())) {
				lease.renewed(start);
			}
			else {
				lose(lease);
			}
		}
	}

	void fenceStale() {
		long now = System.nanoTime();
		for (Lease lease : this.held.values()) {
			if (!lease.canSend(now) && lease.markFenced()) {
				log.warn(
						"FENCED: the lease of mirror {} (epoch {}) was not renewed for {}s; nothing more of it is "
								+ "written until it is",
						lease.mirrorId(), lease.epoch(), this.properties.sendWindow().toSeconds());
				try {
					this.onFenced.accept(lease);
				}
				catch (RuntimeException ex) {
					log.warn("fencing mirror {} failed: {}", lease.mirrorId(), ex.toString());
				}
			}
		}
	}

	private void lose(Lease lease) {
		lease.markLost();
		this.held.remove(lease.mirrorId(), lease);
		this.lostCounter.increment();
		log.warn("LEASE_LOST: lease of mirror {} (epoch {}) expired or was taken over; this worker stops writing it",
				lease.mirrorId(), lease.epoch());
		try {
			this.onLost.accept(lease);
		}
		catch (RuntimeException ex) {
			log.warn("stopping mirror {} after its lease was lost failed: {}", lease.mirrorId(), ex.toString());
		}
	}

	@Override
	public void destroy() {
		this.renewer.shutdownNow();
		this.fence.shutdownNow();
	}

}
