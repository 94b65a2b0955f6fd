package dev.clusterlink.linkmanager;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import net.javacrumbs.shedlock.core.LockProvider;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A singleton job keeps its schedule whatever one of its rounds throws, and across a stop
 * and a start of its context.
 */
class SingletonJobsTest {

	@Test
	void aRoundThatThrowsEndsOnlyThatRound() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.initialize();
		LockProvider alwaysGranted = (configuration) -> Optional.of(() -> {
		});
		SingletonJobs jobs = new SingletonJobs(scheduler, alwaysGranted);
		AtomicInteger rounds = new AtomicInteger();
		try {
			jobs.schedule("flaky", Duration.ofMillis(20), () -> {
				switch (rounds.incrementAndGet()) {
					case 1 -> throw new IllegalStateException("first round fails");
					case 2 -> throw new StackOverflowError("second round breaks");
					case 3 -> throw new ArithmeticException("long overflow");
					default -> {
					}
				}
			});
			await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() >= 5);
		}
		finally {
			jobs.stop();
			scheduler.shutdown();
		}
		assertThat(rounds.get()).isGreaterThanOrEqualTo(5);
	}

	@Test
	void aContextStoppedAndStartedAgainRunsItsJobsAgain() {
		// Spring's test context cache pauses (stops) a cached context and starts it again
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.initialize();
		LockProvider alwaysGranted = (configuration) -> Optional.of(() -> {
		});
		SingletonJobs jobs = new SingletonJobs(scheduler, alwaysGranted);
		AtomicInteger rounds = new AtomicInteger();
		try {
			jobs.start();
			jobs.schedule("check", Duration.ofMillis(20), rounds::incrementAndGet);
			await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() >= 2);

			jobs.stop();
			// a round already started may still end: wait until the count holds still
			AtomicInteger seen = new AtomicInteger(-1);
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> seen.getAndSet(rounds.get()) == rounds.get());
			int stopped = rounds.get();
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> rounds.get() == stopped);

			jobs.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() >= stopped + 2);
			jobs.start(); // a second start schedules nothing twice
			assertThat(jobs.isRunning()).isTrue();
		}
		finally {
			jobs.stop();
			scheduler.shutdown();
		}
	}

}
