package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

	@Test
	void waitsGrowExponentiallyUpToTheCapWithJitterInBetween() {
		Backoff highest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.999999);
		Duration previous = Duration.ZERO;
		for (int i = 0; i < 10; i++) {
			Duration wait = highest.next();
			assertThat(wait).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(Duration.ofSeconds(30));
			previous = wait;
		}
		assertThat(previous).isGreaterThan(Duration.ofSeconds(15));
		Backoff lowest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0);
		for (int i = 0; i < 100; i++) {
			assertThat(lowest.next()).as("never a busy loop").isEqualTo(Duration.ofMillis(100));
		}
	}

	@Test
	void jitterSpreadsTheWaits() {
		java.util.Random random = new java.util.Random(42);
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), random::nextDouble);
		java.util.Set<Duration> seen = new java.util.HashSet<>();
		for (int i = 0; i < 20; i++) {
			seen.add(backoff.next());
		}
		assertThat(seen).hasSizeGreaterThan(10);
	}

	@Test
	void aSuccessStartsAgainFromTheInitialWait() {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.999999);
		for (int i = 0; i < 8; i++) {
			backoff.next();
		}
		assertThat(backoff.failures()).isEqualTo(8);
		backoff.reset();
		assertThat(backoff.next()).isLessThanOrEqualTo(Duration.ofSeconds(1));
	}

}
