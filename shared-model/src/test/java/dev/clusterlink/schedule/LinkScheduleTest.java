package dev.clusterlink.schedule;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-link back-off: doubles from twice the interval up to the ceiling, reset by a
 * success or a command.
 */
class LinkScheduleTest {

	private static final Duration SECOND = Duration.ofSeconds(1);

	private static final Duration CEILING = Duration.ofMinutes(5);

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void theWaitDoublesUpToTheCeiling() {
		LinkSchedule link = new LinkSchedule(java.util.UUID.randomUUID(), "l");
		assertThat(link.failed(NOW, SECOND, CEILING)).isEqualTo(Duration.ofSeconds(2));
		assertThat(link.failed(NOW, SECOND, CEILING)).isEqualTo(Duration.ofSeconds(4));
		assertThat(link.failed(NOW, SECOND, CEILING)).isEqualTo(Duration.ofSeconds(8));
		for (int i = 0; i < 40; i++) {
			link.failed(NOW, SECOND, CEILING);
		}
		assertThat(link.failed(NOW, SECOND, CEILING)).isEqualTo(CEILING);
		assertThat(link.isDue(NOW.plus(CEILING).minusMillis(1))).isFalse();
		assertThat(link.isDue(NOW.plus(CEILING))).isTrue();
	}

	@Test
	void aSuccessResetsTheBackOffAndACommandMakesTheLinkDueAtOnce() {
		LinkSchedule link = new LinkSchedule(java.util.UUID.randomUUID(), "l");
		link.failed(NOW, SECOND, CEILING);
		link.failed(NOW, SECOND, CEILING);
		link.succeeded(NOW, SECOND);
		assertThat(link.isDue(NOW.plusMillis(999))).isFalse();
		assertThat(link.failed(NOW, SECOND, CEILING)).isEqualTo(Duration.ofSeconds(2));
		link.failed(NOW, SECOND, CEILING);
		link.dueNow();
		assertThat(link.isDue(NOW)).isTrue();
		// a command starts the back-off afresh
		assertThat(link.failed(NOW, SECOND, CEILING)).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void theDefaultIntervalReachesFiveMinutesAfterSixFailures() {
		assertThat(LinkSchedule.backoff(Duration.ofSeconds(5), 5, CEILING)).isEqualTo(Duration.ofSeconds(160));
		assertThat(LinkSchedule.backoff(Duration.ofSeconds(5), 6, CEILING)).isEqualTo(CEILING);
	}

	@Test
	void noIntervalEndsTheLoopWithAnOverflow() {
		LinkSchedule link = new LinkSchedule(java.util.UUID.randomUUID(), "l");
		Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
		// a wait beyond the end of time saturates: due never, until a command
		link.succeeded(NOW, forever);
		assertThat(link.isDue(Instant.MAX.minusSeconds(1))).isFalse();
		link.dueNow();
		assertThat(link.isDue(NOW)).isTrue();
		link.idle(NOW, forever);
		assertThat(link.isDue(NOW.plus(Duration.ofDays(365 * 1000)))).isFalse();
		// the back-off stops at the ceiling, however large the interval or the ceiling
		assertThat(link.failed(NOW, forever, CEILING)).isEqualTo(CEILING);
		assertThat(LinkSchedule.backoff(Duration.ofMillis(Long.MAX_VALUE / 2 + 1), 30, forever))
			.isEqualTo(Duration.ofMillis(Long.MAX_VALUE));
		assertThat(LinkSchedule.backoff(Duration.ofSeconds(5), 30, forever)).isEqualTo(Duration.ofMillis(5_000L << 30));
		// a negative interval counts as zero
		assertThat(LinkSchedule.backoff(Duration.ofSeconds(-5), 3, CEILING)).isEqualTo(Duration.ZERO);
		assertThat(LinkSchedule.after(NOW, forever)).isEqualTo(Instant.MAX);
		assertThat(LinkSchedule.after(NOW, forever.negated())).isEqualTo(Instant.MIN);
	}

}
