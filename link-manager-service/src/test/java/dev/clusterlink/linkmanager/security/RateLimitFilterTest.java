package dev.clusterlink.linkmanager.security;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitFilterTest {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final RateLimitFilter limiter = new RateLimitFilter(new SecuritySettings.RateLimit(2, 3), this.now::get);

	@Test
	void aBurstThenTheSustainedRate() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.take("a")).isZero();
		}
		long wait = this.limiter.take("a");
		assertThat(wait).isBetween(499_000_000L, 500_000_000L);
		assertThat(this.limiter.take("b")).as("each principal has its own bucket").isZero();
		this.now.addAndGet(500_000_000L);
		assertThat(this.limiter.take("a")).isZero();
		assertThat(this.limiter.take("a")).isPositive();
		this.now.addAndGet(10_000_000_000L);
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.take("a")).as("refilled up to the burst, no more").isZero();
		}
		assertThat(this.limiter.take("a")).isPositive();
	}

}
