package dev.clusterlink.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waiting logic on scripted mirror states and a fake clock (one poll a second): the
 * in-process link manager has no mirror worker, so its mirrors never leave PENDING.
 */
class WaiterTest {

	final StringWriter err = new StringWriter();

	long nanos;

	@Test
	void initialCatchUpEndsAtActiveWithLagZeroShowingLagRateAndEta() {
		int code = waiter(false).await(
				"l/eu.orders", script(mirror("PENDING", null, null), mirror("ACTIVE", 1000L, 0L),
						mirror("ACTIVE", 500L, 500L), mirror("ACTIVE", 0L, 1000L)),
				Waiter.Goal.CAUGHT_UP, Duration.ofMinutes(1));

		assertThat(code).isEqualTo(ExitCodes.OK);
		assertThat(lines()).containsExactly("l/eu.orders: PENDING, lag unknown",
				"l/eu.orders: ACTIVE, lag 1,000 (1 partition), 0 records/s, ETA unknown",
				"l/eu.orders: ACTIVE, lag 500 (1 partition), 500 records/s, ETA 1s",
				"l/eu.orders: ACTIVE, lag 0 (1 partition), 500 records/s");
	}

	@Test
	void promoteEndsAtStopped() {
		int code = waiter(false).await("l/m", script(mirror("PENDING_STOPPED", 10L, 0L), mirror("STOPPED", 0L, 10L)),
				Waiter.Goal.STOPPED, Duration.ofMinutes(1));

		assertThat(code).isEqualTo(ExitCodes.OK);
	}

	@Test
	void aFailClosedStateStopsTheWaitWithItsReason() {
		JsonNode halted = Api.JSON.createObjectNode()
			.put("state", "DATA_LOSS")
			.put("stateReason", "partition 0: 12 records deleted by retention");
		int code = waiter(false).await("l/m", script(mirror("ACTIVE", 5L, 0L), halted), Waiter.Goal.CAUGHT_UP,
				Duration.ofMinutes(1));

		assertThat(code).isEqualTo(ExitCodes.FAIL_CLOSED);
		assertThat(lines()).last()
			.asString()
			.startsWith("error: mirror-halted: l/m is DATA_LOSS: partition 0: 12 records deleted by retention;");
	}

	@Test
	void aPromotionBackToActiveIsAFailure() {
		int code = waiter(false).await("l/m", script(mirror("PENDING_STOPPED", 5L, 0L), mirror("ACTIVE", 5L, 0L)),
				Waiter.Goal.STOPPED, Duration.ofMinutes(1));

		assertThat(code).isEqualTo(ExitCodes.API_ERROR);
		assertThat(lines()).last().asString().startsWith("error: promotion-timed-out: l/m went back to ACTIVE");
	}

	@Test
	void theTimeoutEndsTheWait() {
		JsonNode pending = mirror("PENDING", null, null);
		int code = waiter(false).await("l/m", () -> pending, Waiter.Goal.CAUGHT_UP, Duration.ofSeconds(3));

		assertThat(code).isEqualTo(ExitCodes.TIMEOUT);
		assertThat(lines()).hasSize(5).last().isEqualTo("error: timeout: l/m is still PENDING after 3s (--timeout)");
	}

	@Test
	void onAConsoleTheLineIsRedrawnInPlace() {
		waiter(true).await("l/m", script(mirror("ACTIVE", 100L, 0L), mirror("ACTIVE", 0L, 100L)), Waiter.Goal.CAUGHT_UP,
				Duration.ofMinutes(1));

		assertThat(this.err.toString()).isEqualTo("\rl/m: ACTIVE, lag 100 (1 partition)"
				+ "\rl/m: ACTIVE, lag 0 (1 partition), 100 records/s" + System.lineSeparator());
	}

	private Waiter waiter(boolean console) {
		return new Waiter(new Waiter.ProgressLine(new PrintWriter(this.err), console), () -> this.nanos,
				(d) -> this.nanos += d.toNanos(), Duration.ofSeconds(1));
	}

	private List<String> lines() {
		return List.of(this.err.toString().split(System.lineSeparator()));
	}

	private static java.util.function.Supplier<JsonNode> script(JsonNode... states) {
		Deque<JsonNode> queue = new ArrayDeque<>(List.of(states));
		return () -> (queue.size() > 1) ? queue.poll() : queue.peek();
	}

	private static JsonNode mirror(String state, Long lag, Long mirrored) {
		var mirror = Api.JSON.createObjectNode().put("state", state);
		var partitions = mirror.putArray("partitions");
		if (lag != null) {
			partitions.addObject().put("partition", 0).put("lag", lag).put("mirroredOffset", mirrored);
		}
		return mirror;
	}

}
