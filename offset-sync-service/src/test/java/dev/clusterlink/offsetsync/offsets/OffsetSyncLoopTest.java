package dev.clusterlink.offsetsync.offsets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.clusterlink.command.Ownership;
import dev.clusterlink.model.LinkState;
import dev.clusterlink.offsets.sync.SyncReport;
import dev.clusterlink.offsetsync.OffsetSyncProperties;
import dev.clusterlink.runtime.membership.CommandTopicMembership;
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.store.LinkRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The consumer-offset sync schedule survives a link whose handling throws: the other
 * links keep their rounds, the failing link is retried with its back-off, and the failure
 * is counted. Links, the state store and the group membership are fakes; the ticker and
 * the workers are the real ones, on a clock the test moves.
 */
class OffsetSyncLoopTest {

	// ids that a ConcurrentHashMap iterates in this order: the failing link comes first
	private static final UUID A = new UUID(0, 1);

	private static final UUID B = new UUID(0, 2);

	private static final UUID C = new UUID(0, 3);

	private static final Map<UUID, String> NAMES = Map.of(A, "link-a", B, "link-b", C, "link-c");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Map<UUID, AtomicInteger> rounds = new ConcurrentHashMap<>();

	private final StateStoreReader reader = mock(StateStoreReader.class);

	private final TaskStatusWriter status = mock(TaskStatusWriter.class);

	private final CommandTopicMembership membership = mock(CommandTopicMembership.class);

	/** What asking whether this instance owns link A throws, if anything. */
	private volatile RuntimeException ownershipFailure;

	private OffsetSyncLoop loop;

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

	private void start(Function<UUID, ReconcileResult> outcome) {
		OffsetSyncProperties properties = new OffsetSyncProperties("test", "_clusterlink-commands",
				Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofMillis(5),
				Duration.ofMinutes(5), Duration.ofSeconds(30), 2);
		when(this.reader.links()).thenReturn(List.of(row(A), row(B), row(C)));
		when(this.membership.owns(anyString())).thenAnswer((call) -> {
			RuntimeException failure = this.ownershipFailure;
			if (failure != null && call.getArgument(0).equals(Ownership.linkKey("link-a"))) {
				throw failure;
			}
			return true;
		});
		GroupOffsetSyncer reconciler = new GroupOffsetSyncer(null, null, null, properties) {

			@Override
			ReconcileResult reconcile(UUID linkId) {
				OffsetSyncLoopTest.this.rounds.computeIfAbsent(linkId, (id) -> new AtomicInteger()).incrementAndGet();
				return outcome.apply(linkId);
			}

		};
		this.loop = new OffsetSyncLoop(properties, reconciler, this.reader, this.status,
				new OffsetSyncMetrics(this.registry, this.clock), null, null, this.clock) {

			@Override
			CommandTopicMembership join(String instance) {
				return OffsetSyncLoopTest.this.membership;
			}

		};
		this.loop.start();
	}

	private int rounds(UUID link) {
		AtomicInteger count = this.rounds.get(link);
		return (count != null) ? count.get() : 0;
	}

	private double failedRounds(String link) {
		Counter counter = this.registry.find("clusterlink.offsetsync.rounds")
			.tag("link", link)
			.tag("outcome", "failed")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static ReconcileResult noop(Duration interval) {
		return new ReconcileResult.Noop(new SyncReport(List.of(), 0, false), interval, Duration.ofMillis(1));
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
