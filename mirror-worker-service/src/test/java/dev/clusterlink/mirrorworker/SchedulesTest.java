package dev.clusterlink.mirrorworker;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SchedulesTest {

	@Test
	void aPeriodicTaskThatThrowsKeepsItsSchedule() {
		AtomicInteger runs = new AtomicInteger();
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		try {
			scheduler.scheduleWithFixedDelay(Schedules.guarded("a test task", () -> {
				int run = runs.incrementAndGet();
				if (run == 1) {
					throw new IllegalStateException("a link failed");
				}
				if (run == 2) {
					throw new StackOverflowError("worse");
				}
			}), 0, 10, TimeUnit.MILLISECONDS);
			await().atMost(java.time.Duration.ofSeconds(10)).until(() -> runs.get() >= 4);
		}
		finally {
			scheduler.shutdownNow();
		}
		assertThat(runs.get()).isGreaterThanOrEqualTo(4);
	}

}
