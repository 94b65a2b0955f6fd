package dev.clusterlink.runtime.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

import dev.clusterlink.command.ClusterChanged;
import dev.clusterlink.command.Command;
import dev.clusterlink.command.LinkChanged;
import dev.clusterlink.command.MirrorChanged;
import dev.clusterlink.command.Ownership;
import dev.clusterlink.model.LinkState;
import dev.clusterlink.runtime.membership.CommandTopicMembership;
import dev.clusterlink.runtime.store.LinkTaskStatus;
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.schedule.LinkSchedule;
import dev.clusterlink.store.LinkRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The link-task schedule (DESIGN.md §3) survives a link whose handling throws: the other
 * links keep their rounds, the failing link is retried with its back-off, and the failure
 * is counted; status, hand-over and commands. Links, the state store and the group
 * membership are fakes; the ticker and the workers are the real ones, on a clock the test
 * moves.
 */
class LinkTaskLoopTest {

	// ids that a ConcurrentHashMap iterates in this order: the failing link comes first
	private static final UUID A = new UUID(0, 1);

	private static final UUID B = new UUID(0, 2);

	private static final UUID C = new UUID(0, 3);

	private static final Map<UUID, String> NAMES = Map.of(A, "link-a", B, "link-b", C, "link-c");

	private static final LinkTask TASK = new LinkTask("test-sync", "test sync", LinkTaskStatus.ACL_SYNC,
			"clusterlink-test-sync", "clusterlink.testsync", 4, false);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Map<UUID, AtomicInteger> rounds = new ConcurrentHashMap<>();

	private final StateStoreReader reader = mock(StateStoreReader.class);

	private final TaskStatusWriter status = mock(TaskStatusWriter.class);

	private final CommandTopicMembership membership = mock(CommandTopicMembership.class);

	/** What asking whether this instance owns link A throws, if anything. */
	private volatile RuntimeException ownershipFailure;

	/** Links the state store no longer has. */
	private final Set<UUID> deleted = ConcurrentHashMap.newKeySet();

	/** Links the state store has paused. */
	private final Set<UUID> paused = ConcurrentHashMap.newKeySet();

	/** Whether the membership says this instance owns the links. */
	private volatile boolean owning = true;

	private LinkTaskLoop loop;

	@AfterEach
	void stop() {
		if (this.loop != null) {
			this.loop.stop();
		}
	}

	@Test
	void aLinkWhoseRoundThrowsDoesNotStopTheOthers() {
		start((id) -> {
			if (id.equals(A)) {
				throw new IllegalStateException("boom");
			}
			if (id.equals(B)) {
				throw new StackOverflowError("deep");
			}
			return noop(Duration.ofSeconds(1));
		});
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.clock.advance(Duration.ofMinutes(1));
			assertThat(rounds(C)).as("rounds of the healthy link").isGreaterThanOrEqualTo(5);
			assertThat(rounds(A)).as("rounds of the link throwing an exception").isGreaterThanOrEqualTo(3);
			assertThat(rounds(B)).as("rounds of the link throwing an error").isGreaterThanOrEqualTo(3);
		});
		assertThat(failedRounds("link-a")).isGreaterThanOrEqualTo(3);
		assertThat(failedRounds("link-b")).isGreaterThanOrEqualTo(3);
		assertThat(failedRounds("link-c")).isZero();
		verify(this.status, atLeastOnce()).maybeUpdate(eq(A), eq("link-a"), eq(TaskState.IN_ERROR), any(), eq(false));
	}

	@Test
	void aLinkThatCannotEvenBeDispatchedDoesNotKeepTheOthersWaiting() {
		this.ownershipFailure = new IllegalStateException("no owner");
		start((id) -> noop(Duration.ofSeconds(1)));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.clock.advance(Duration.ofSeconds(2));
			assertThat(rounds(B)).isGreaterThanOrEqualTo(3);
			assertThat(rounds(C)).isGreaterThanOrEqualTo(3);
		});
		assertThat(rounds(A)).isZero();
	}

	@Test
	void aFailureWhileRecordingTheOutcomeEndsOnlyThatRound() {
		doThrow(new IllegalStateException("status table gone")).when(this.status)
			.maybeUpdate(eq(A), anyString(), any(), any(), eq(true));
		start((id) -> noop(Duration.ofSeconds(1)));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.clock.advance(Duration.ofSeconds(2));
			assertThat(rounds(A)).isGreaterThanOrEqualTo(3);
			assertThat(rounds(B)).isGreaterThanOrEqualTo(3);
			assertThat(rounds(C)).isGreaterThanOrEqualTo(3);
		});
	}

	@Test
	void anIntervalBeyondTheEndOfTimeDoesNotBreakTheSchedule() {
		start((id) -> noop(id.equals(A) ? Duration.ofSeconds(Long.MAX_VALUE) : Duration.ofSeconds(1)));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.clock.advance(Duration.ofSeconds(2));
			assertThat(rounds(B)).isGreaterThanOrEqualTo(5);
			assertThat(rounds(C)).isGreaterThanOrEqualTo(5);
		});
		// its next round is due never (until a command), not at every tick
		assertThat(rounds(A)).isEqualTo(1);
		verify(this.status).maybeUpdate(A, "link-a", TaskState.ACTIVE, null, true);
	}

	@Test
	void handingLinksOverGoesOnPastALinkThatFails() {
		when(this.membership.partitionCount()).thenReturn(1);
		doThrow(new IllegalStateException("boom")).when(this.status).forget(A);
		start((id) -> noop(Duration.ofSeconds(1)));
		await().atMost(Duration.ofSeconds(20)).until(() -> rounds(C) > 0 && rounds(B) > 0);
		this.loop.onRevoked(Set.of(0));
		verify(this.status).forget(B);
		verify(this.status).forget(C);
	}

	@Test
	void aRevokedLinkLosesItsMetersAndAnAssignmentRunsEveryLinkAtOnce() {
		when(this.membership.partitionCount()).thenReturn(1);
		start((id) -> noop(Duration.ofDays(1)));
		await().atMost(Duration.ofSeconds(20)).until(() -> rounds(A) == 1 && rounds(B) == 1 && rounds(C) == 1);
		assertThat(this.registry.find("clusterlink.testsync.last.success.age").tag("link", "link-a").gauge())
			.isNotNull();
		assertThat(this.registry.find("clusterlink.testsync.own").tag("link", "link-a").counter()).isNotNull();
		this.owning = false;
		this.loop.onRevoked(Set.of(0));
		verify(this.status).forget(A);
		assertThat(this.registry.find("clusterlink.testsync.last.success.age").tag("link", "link-a").gauge()).isNull();
		this.owning = true;
		this.loop.onAssigned(Set.of(0));
		// every link runs again at once (its interval is a day); a tick between owning
		// again and the assignment may run it once more, so at least twice, not exactly
		await().atMost(Duration.ofSeconds(20)).until(() -> rounds(A) >= 2 && rounds(B) >= 2 && rounds(C) >= 2);
	}

	@Test
	void commandsOnlyMakeLinksDueSooner() {
		start((id) -> noop(Duration.ofDays(1)));
		await().atMost(Duration.ofSeconds(20)).until(() -> rounds(A) == 1 && rounds(B) == 1 && rounds(C) == 1);
		this.loop.onCommand(new LinkChanged(B, 2, Instant.now(), Command.Change.UPSERTED, "link-b"));
		await().atMost(Duration.ofSeconds(20)).until(() -> rounds(B) == 2);
		// this task does not follow mirrors
		this.loop.onCommand(
				new MirrorChanged(UUID.randomUUID(), 1, Instant.now(), Command.Change.UPSERTED, "link-c", "orders"));
		this.loop.onCommand(new ClusterChanged(UUID.randomUUID(), 1, Instant.now(), Command.Change.UPSERTED, "src"));
		await().atMost(Duration.ofSeconds(20)).until(() -> rounds(A) == 2 && rounds(B) == 3 && rounds(C) == 2);
		assertThat(rounds(A)).isEqualTo(2);
		assertThat(rounds(C)).isEqualTo(2);
	}

	@Test
	void aFailingLinkBacksOffWithJitterBetweenItsIntervalAndTheBound() {
		AtomicReference<Double> jitter = new AtomicReference<>(0.0);
		startWithJitter((id) -> id.equals(A)
				? new RoundResult.Failed(TaskState.UNAVAILABLE, "destination unavailable", Duration.ofSeconds(10))
				: noop(Duration.ofDays(1)), jitter::get);
		await().atMost(Duration.ofSeconds(20)).until(() -> rounds(A) == 1);
		verify(this.status, timeout(5_000)).maybeUpdate(eq(A), eq("link-a"), eq(TaskState.UNAVAILABLE),
				eq("destination unavailable (next attempt in 20s at the latest)"), eq(false));
		// jitter 0: the next attempt comes one interval later, not before
		this.clock.advance(Duration.ofSeconds(9));
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> rounds(A) == 1);
		jitter.set(0.999);
		this.clock.advance(Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(20)).until(() -> rounds(A) == 2);
		verify(this.status, timeout(5_000)).maybeUpdate(eq(A), eq("link-a"), eq(TaskState.UNAVAILABLE),
				eq("destination unavailable (next attempt in 40s at the latest)"), eq(false));
		// jitter near 1: the next attempt comes just before the bound
		this.clock.advance(Duration.ofSeconds(39));
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> rounds(A) == 2);
		this.clock.advance(Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(20)).until(() -> rounds(A) == 3);
		verify(this.status, never()).maybeUpdate(eq(A), anyString(), eq(TaskState.ACTIVE), any(), eq(true));
		assertThat(failedRounds("link-a")).isEqualTo(3);
	}

	@Test
	void aPausedLinkIsLeftAloneAndADeletedOneForgotten() {
		this.paused.add(A);
		this.deleted.add(B);
		start((id) -> noop(Duration.ofSeconds(1)));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.clock.advance(Duration.ofSeconds(2));
			assertThat(rounds(C)).isGreaterThanOrEqualTo(3);
		});
		assertThat(rounds(A)).as("the service's rounds of the paused link").isZero();
		assertThat(rounds(B)).as("the service's rounds of the deleted link").isZero();
		verify(this.status, timeout(5_000)).maybeUpdate(A, "link-a", TaskState.PAUSED, "the link is paused", false);
		verify(this.status, atLeastOnce()).forget(B);
		assertThat(this.loop.ownedLinks()).doesNotContain("link-b");
	}

	@Test
	void theBackOffBoundDoublesUpToTheCeilingAndTheJitterStaysWithinIt() {
		Duration interval = Duration.ofSeconds(3);
		Duration ceiling = Duration.ofMinutes(5);
		for (int failures = 1; failures < 12; failures++) {
			Duration bound = LinkSchedule.backoff(interval, failures, ceiling);
			assertThat(bound).isEqualTo(Duration.ofSeconds(Math.min(300, 3L << failures)));
			for (double random : new double[] { 0, 0.25, 0.5, 0.999999 }) {
				Duration wait = LinkSchedule.jittered(interval, bound, random);
				assertThat(wait).isBetween(interval, bound);
			}
		}
		// a floor above the bound gives the bound
		assertThat(LinkSchedule.jittered(Duration.ofMinutes(10), ceiling, 0.5)).isEqualTo(ceiling);
	}

	@Test
	void theStatusSaysActiveAfterASuccessfulRound() {
		start((id) -> new RoundResult.Changed(Duration.ofDays(1), "added 1"));
		verify(this.status, timeout(10_000)).maybeUpdate(B, "link-b", TaskState.ACTIVE, null, true);
		verify(this.status, never()).maybeUpdate(eq(B), eq("link-b"), eq(TaskState.IN_ERROR), any(), anyBoolean());
		assertThat(this.registry.find("clusterlink.testsync.rounds").tag("outcome", "changed").counters()).hasSize(3);
	}

	private void start(Function<UUID, RoundResult> outcome) {
		startWithJitter(outcome, () -> 0.5);
	}

	private void startWithJitter(Function<UUID, RoundResult> outcome, DoubleSupplier jitter) {
		LinkTaskSettings settings = new LinkTaskSettings("test", Duration.ofSeconds(10), Duration.ofSeconds(1),
				Duration.ofHours(1), Duration.ofMillis(5), Duration.ofMinutes(5), Duration.ofSeconds(30), 2);
		when(this.reader.links()).thenReturn(List.of(row(A), row(B), row(C)));
		when(this.reader.link(any(UUID.class))).thenAnswer((call) -> {
			UUID id = call.getArgument(0);
			return this.deleted.contains(id) ? Optional.empty()
					: Optional.of(this.paused.contains(id) ? pausedRow(id) : row(id));
		});
		when(this.membership.owns(anyString())).thenAnswer((call) -> {
			RuntimeException failure = this.ownershipFailure;
			if (failure != null && call.getArgument(0).equals(Ownership.linkKey("link-a"))) {
				throw failure;
			}
			return this.owning;
		});
		LinkTaskReconciler reconciler = (round) -> {
			// a service's own meter, registered before the runtime's
			round.meters().counter("own", "a service's own meter").increment();
			this.rounds.computeIfAbsent(round.link().id(), (id) -> new AtomicInteger()).incrementAndGet();
			return outcome.apply(round.link().id());
		};
		this.loop = new LinkTaskLoop(TASK, settings, reconciler, this.reader, this.status,
				new LinkTaskMetrics(this.registry, this.clock, TASK), null, null, this.clock, jitter) {

			@Override
			protected CommandTopicMembership join(String instance) {
				return LinkTaskLoopTest.this.membership;
			}

		};
		this.loop.start();
	}

	private int rounds(UUID link) {
		AtomicInteger count = this.rounds.get(link);
		return (count != null) ? count.get() : 0;
	}

	private double failedRounds(String link) {
		Counter counter = this.registry.find("clusterlink.testsync.rounds")
			.tag("link", link)
			.tag("outcome", "failed")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static RoundResult noop(Duration interval) {
		return new RoundResult.Noop(interval, "in step");
	}

	private static LinkRow pausedRow(UUID id) {
		return new LinkRow(id, NAMES.get(id), UUID.randomUUID(), UUID.randomUUID(), LinkState.PAUSED, null, Map.of(),
				0);
	}

	private static LinkRow row(UUID id) {
		return new LinkRow(id, NAMES.get(id), UUID.randomUUID(), UUID.randomUUID(), LinkState.ACTIVE, null, Map.of(),
				0);
	}

	/** A clock the test moves; the loop reads it from its threads. */
	static final class MutableClock extends Clock {

		private final AtomicReference<Instant> now;

		MutableClock(Instant start) {
			this.now = new AtomicReference<>(start);
		}

		void advance(Duration duration) {
			this.now.updateAndGet((instant) -> instant.plus(duration));
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now.get();
		}

	}

}
