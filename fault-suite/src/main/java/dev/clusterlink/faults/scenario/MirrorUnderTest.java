package dev.clusterlink.faults.scenario;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.clusterlink.faults.oracle.Oracle;
import dev.clusterlink.faults.oracle.Verdict;
import dev.clusterlink.faults.traffic.AckedLoad;
import tools.jackson.databind.JsonNode;

/**
 * One mirror of the suite: its source topic, load on it, its state as the link manager
 * shows it, and the oracle's verdict on it.
 */
public final class MirrorUnderTest {

	private final FaultLab lab;

	private final String link;

	private final String topic;

	private volatile int partitions;

	MirrorUnderTest(FaultLab lab, String link, String topic, int partitions) {
		this.lab = lab;
		this.link = link;
		this.topic = topic;
		this.partitions = partitions;
	}

	public String topic() {
		return this.topic;
	}

	public int partitions() {
		return this.partitions;
	}

	/** The source topic got partitions. */
	public void grewTo(int count) {
		this.partitions = count;
	}

	/** Writes the source at a steady rate, remembering every acknowledged record. */
	public AckedLoad load(int recordsPerSecond, long seed) {
		return AckedLoad.start(this.lab.stack().source().bootstrap(), this.topic, this.partitions, recordsPerSecond,
				200, seed);
	}

	public JsonNode json() {
		return this.lab.rest().get("/api/v1/links/" + this.link + "/mirrors/" + this.topic).expect(200).json();
	}

	public String state() {
		return json().path("state").asString();
	}

	/** The worker that holds the mirror's lease, or "" before one does. */
	public String owner() {
		JsonNode owner = json().path("owner");
		return owner.path("live").asBoolean() ? owner.path("instanceId").asString() : "";
	}

	public long ownerEpoch() {
		return json().path("owner").path("epoch").asLong();
	}

	/** Waits until the mirror is in a state. */
	public void awaitState(String state, Duration timeout) {
		await(() -> state.equals(stateQuietly()), timeout, () -> "mirror " + this.topic + " is not " + state + " after "
				+ timeout.toSeconds() + " s: " + describe());
	}

	/**
	 * Waits until the mirror is ACTIVE and the destination ends where the source ends,
	 * for every partition.
	 */
	public void awaitCaughtUp(Duration timeout) {
		await(() -> "ACTIVE".equals(stateQuietly()) && sourceEnds().equals(destinationEnds()), timeout,
				() -> "mirror " + this.topic + " did not catch up within " + timeout.toSeconds() + " s: source ends "
						+ sourceEnds() + ", destination ends " + destinationEnds() + "; " + describe());
	}

	public Map<Integer, Long> sourceEnds() {
		return FaultLab.endOffsets(this.lab.stack().source().bootstrap(), this.topic, this.partitions);
	}

	public Map<Integer, Long> destinationEnds() {
		return FaultLab.endOffsets(this.lab.stack().destination().bootstrap(), this.topic, this.partitions);
	}

	/**
	 * Compares both topics at every offset, and finds every acknowledged record of the
	 * load on both.
	 */
	public Verdict verify(AckedLoad load) {
		Oracle oracle = Oracle
			.compare(this.lab.stack().source().bootstrap(), this.topic, this.lab.stack().destination().bootstrap(),
					this.topic)
			.deadline(Duration.ofMinutes(3));
		return ((load != null) ? oracle.acknowledged(load.acknowledgedRecords()) : oracle).check();
	}

	/** State, reason and per-partition errors, for a failure message. */
	public String describe() {
		try {
			JsonNode mirror = json();
			StringBuilder text = new StringBuilder(mirror.path("state").asString());
			if (!mirror.path("stateReason").isNull() && !mirror.path("stateReason").asString().isEmpty()) {
				text.append(" (").append(mirror.path("stateReason").asString()).append(')');
			}
			for (JsonNode partition : mirror.path("partitions")) {
				if (!partition.path("lastError").isNull() && !partition.path("lastError").asString().isEmpty()) {
					text.append("; partition ")
						.append(partition.path("partition").asInt())
						.append(": ")
						.append(partition.path("lastError").asString());
				}
			}
			return text.toString();
		}
		catch (RuntimeException ex) {
			return "(the link manager did not answer: " + ex.getMessage() + ")";
		}
	}

	private String stateQuietly() {
		try {
			return state();
		}
		catch (RuntimeException ex) {
			return "";
		}
	}

	static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> failure) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try {
				if (condition.getAsBoolean()) {
					return;
				}
			}
			catch (RuntimeException ex) {
				// not answering yet: try again
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError(failure.get());
			}
			try {
				TimeUnit.MILLISECONDS.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted");
			}
		}
	}

}
