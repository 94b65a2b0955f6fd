package dev.clusterlink.faults.traffic;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The pacer lets sends through at the rate, and says how long to wait for the next. */
class PacerTest {

	@Test
	void theFirstSendIsDueAtOnceTheNextOneAfterAnInterval() {
		Pacer pacer = new Pacer(10);
		assertThat(pacer.due()).isOne();
		pacer.sent();
		assertThat(pacer.due()).isZero();
		assertThat(pacer.untilNext()).isPositive().isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
	}

	@Test
	void aHighRateLetsSeveralThroughAtOnceButNeverMoreThanASecondsWorth() {
		Pacer pacer = new Pacer(1_000_000);
		long due = pacer.due();
		assertThat(due).isBetween(1L, 1_000_000L);
		for (long i = 0; i < due; i++) {
			pacer.sent();
		}
		assertThat(pacer.due()).isLessThanOrEqualTo(1_000_000L);
	}

	@Test
	void rejectsARateBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Pacer(0));
	}

}
