package dev.clusterlink.runtime.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters every link task has, tagged by link, under the task's prefix (e.g.
 * {@code clusterlink.aclsync}): {@code <prefix>.rounds} (by outcome),
 * {@code <prefix>.sync.duration} (a timer of the rounds that succeeded) and
 * {@code <prefix>.last.success.age} (seconds since the last successful round; NaN before
 * the first). A service adds its own through {@link LinkMeters}. A link's meters go when
 * it moves to another instance.
 */
public class LinkTaskMetrics {

	private final MeterRegistry registry;

	private final Clock clock;

	private final LinkTask task;

	private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();

	private final Map<String, List<Meter.Id>> meters = new ConcurrentHashMap<>();

	/** The links whose runtime meters are registered (a service's own may come first). */
	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	public LinkTaskMetrics(MeterRegistry registry, Clock clock, LinkTask task) {
		this.registry = registry;
		this.clock = clock;
		this.task = task;
	}

	/** The meters of one link, for the service's own. */
	public LinkMeters of(String link) {
		return new LinkMeters(link);
	}

	/**
	 * Counts a round.
	 * @param link the link
	 * @param result what it came to
	 * @param took how long it took
	 */
	public void record(String link, RoundResult result, Duration took) {
		ensureMeters(link);
		track(link,
				Counter.builder(name("rounds"))
					.description(capitalized(this.task.displayName()) + " rounds by outcome")
					.tag("link", link)
					.tag("outcome", result.outcome())
					.register(this.registry))
			.increment();
		if (result instanceof RoundResult.Noop || result instanceof RoundResult.Changed) {
			this.lastSuccess.put(link, this.clock.instant());
			duration(link).record(took);
		}
	}

	/** Seconds since the last successful round of a link, NaN before the first. */
	public double lastSuccessAge(String link) {
		Instant last = this.lastSuccess.get(link);
		return (last != null) ? Duration.between(last, this.clock.instant()).toMillis() / 1000.0 : Double.NaN;
	}

	/** Removes every meter of a link. */
	public void forget(String link) {
		this.lastSuccess.remove(link);
		this.registered.remove(link);
		List<Meter.Id> ids = this.meters.remove(link);
		if (ids != null) {
			ids.forEach(this.registry::remove);
		}
	}

	private static String capitalized(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	private String name(String suffix) {
		return this.task.metricPrefix() + "." + suffix;
	}

	private Timer duration(String link) {
		return track(link,
				Timer.builder(name("sync.duration"))
					.description("Duration of " + this.task.displayName() + " rounds")
					.tag("link", link)
					.register(this.registry));
	}

	private void ensureMeters(String link) {
		if (!this.registered.add(link)) {
			return;
		}
		duration(link);
		track(link,
				Gauge.builder(name("last.success.age"), this, (metrics) -> metrics.lastSuccessAge(link))
					.description("Seconds since the last successful " + this.task.displayName() + " round")
					.baseUnit("seconds")
					.tag("link", link)
					.register(this.registry));
	}

	private <M extends Meter> M track(String link, M meter) {
		List<Meter.Id> ids = this.meters.computeIfAbsent(link, (key) -> new CopyOnWriteArrayList<>());
		if (!ids.contains(meter.getId())) {
			ids.add(meter.getId());
		}
		return meter;
	}

	/** A service's own meters of one link, named {@code <prefix>.<suffix>}. */
	public final class LinkMeters {

		private final String link;

		private LinkMeters(String link) {
			this.link = link;
		}

		/**
		 * A counter of this link, registered on first use.
		 * @param suffix the name after the prefix, e.g. {@code added}
		 * @param description what it counts
		 * @return the counter
		 */
		public Counter counter(String suffix, String description) {
			return track(this.link,
					Counter.builder(name(suffix))
						.description(description)
						.tag("link", this.link)
						.register(LinkTaskMetrics.this.registry));
		}

	}

}
