package dev.clusterlink.runtime.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.runtime.task.LinkTaskReconciler.LinkRound;
import dev.clusterlink.schedule.LinkSchedule;
import dev.clusterlink.store.LinkRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One round of one link, on a worker of the {@link LinkTaskLoop}: the link read again,
 * the service's {@link LinkTaskReconciler}, then the outcome written back: the next due
 * time (back-off with full jitter after a failure), the task status and the round
 * metrics. Never throws: whatever the reconciler or the status write throws ends this
 * round of this link only.
 */
final class LinkRounds {

	private static final Logger log = LoggerFactory.getLogger(LinkRounds.class);

	private final LinkTask task;

	private final LinkTaskSettings settings;

	private final LinkTaskReconciler reconciler;

	private final StateStoreReader reader;

	private final TaskStatusWriter status;

	private final LinkTaskMetrics metrics;

	private final Clock clock;

	private final DoubleSupplier jitter;

	private final Consumer<LinkSchedule> forget;

	LinkRounds(LinkTask task, LinkTaskSettings settings, LinkTaskReconciler reconciler, StateStoreReader reader,
			TaskStatusWriter status, LinkTaskMetrics metrics, Clock clock, DoubleSupplier jitter,
			Consumer<LinkSchedule> forget) {
		this.task = task;
		this.settings = settings;
		this.reconciler = reconciler;
		this.reader = reader;
		this.status = status;
		this.metrics = metrics;
		this.clock = clock;
		this.jitter = jitter;
		this.forget = forget;
	}

	/** One round of one link, with its outcome written back. Never throws. */
	void run(LinkSchedule link) {
		MDC.put("link.id", link.id().toString());
		MDC.put("link.name", link.name());
		MDC.put("phase", "reconcile");
		try {
			long started = System.nanoTime();
			RoundResult result;
			try {
				result = reconcile(link);
			}
			catch (RuntimeException | Error ex) {
				// e.g. the state store is down, a bug, a config this version cannot read:
				// a failed round of this link only, which backs off like any other
				log.warn("reconcile({}): failed: {}", link.name(), ex.toString());
				result = new RoundResult.Failed(TaskState.IN_ERROR, this.task.displayName() + " round failed: "
						+ ex.getClass().getSimpleName() + ": " + ex.getMessage(), Duration.ofSeconds(5));
			}
			settle(link, result, Duration.ofNanos(System.nanoTime() - started));
		}
		catch (RuntimeException | Error ex) {
			log.warn("reconcile({}): recording the outcome failed: {}", link.name(), ex.toString());
		}
		finally {
			MDC.clear();
		}
	}

	/** The link as the state store has it now, then the service's round if it is live. */
	private RoundResult reconcile(LinkSchedule link) {
		Optional<LinkRow> found = this.reader.link(link.id());
		if (found.isEmpty()) {
			return new RoundResult.Gone();
		}
		if (found.get().paused()) {
			return new RoundResult.Idle(TaskState.PAUSED, "the link is paused");
		}
		return this.reconciler.reconcile(new LinkRound(found.get(), this.metrics.of(link.name())));
	}

	private void settle(LinkSchedule link, RoundResult result, Duration took) {
		Instant now = this.clock.instant();
		switch (result) {
			case RoundResult.Gone gone -> {
				log.info("link {} is gone", link.name());
				this.forget.accept(link);
				return;
			}
			case RoundResult.Noop noop -> {
				link.succeeded(now, noop.interval());
				this.status.maybeUpdate(link.id(), link.name(), TaskState.ACTIVE, null, true);
				log.debug("link {}: {} round: {}", link.name(), this.task.displayName(), noop.summary());
			}
			case RoundResult.Changed changed -> {
				link.succeeded(now, changed.interval());
				this.status.maybeUpdate(link.id(), link.name(), TaskState.ACTIVE, null, true);
				log.info("link {}: {} round: {}", link.name(), this.task.displayName(), changed.summary());
			}
			case RoundResult.Failed failed -> {
				Duration bound = link.failed(now, failed.interval(), this.settings.maxBackoff(), this.jitter);
				this.status.maybeUpdate(link.id(), link.name(), failed.state(),
						failed.reason() + " (next attempt in " + pretty(bound) + " at the latest)", false);
				log.debug("reconcile({}): {} ({}), next attempt in {} at the latest", link.name(), failed.state(),
						failed.reason(), bound);
			}
			case RoundResult.Busy busy -> {
				// another run of the link's task holds it: soon again, status unchanged
				link.idle(now, busy.retryIn());
				log.debug("reconcile({}): another {} of the link is running, retrying in {}", link.name(),
						this.task.displayName(), busy.retryIn());
			}
			case RoundResult.Idle idle -> {
				link.idle(now, this.settings.resyncInterval());
				this.status.maybeUpdate(link.id(), link.name(), idle.state(), idle.reason(), false);
			}
		}
		this.metrics.record(link.name(), result, took);
	}

	private static String pretty(Duration wait) {
		long seconds = wait.toSeconds();
		return (seconds < 120) ? seconds + "s" : (seconds / 60) + "m";
	}

}
