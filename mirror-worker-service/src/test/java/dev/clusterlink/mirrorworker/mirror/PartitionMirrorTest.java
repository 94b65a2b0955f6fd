package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.mirrorworker.ownership.TestLeases;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.PartitionState;
import dev.clusterlink.offsets.OffsetMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionMirrorTest {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	@Test
	void startsAtTheDestinationEndAndAdvancesOnlyOnVerifiedAcknowledgements() {
		PartitionMirror pm = partition(true);
		assertThat(pm.startAt(10)).isEqualTo(10);
		pm.sending(2);
		long first = pm.claim(10);
		long second = pm.claim(11);
		assertThat(first).isEqualTo(10);
		assertThat(second).isEqualTo(11);
		assertThat(pm.acknowledged(10, first, 10)).isTrue();
		assertThat(pm.mirroredOffset()).isEqualTo(11);
		assertThat(pm.acknowledged(11, second, 12)).as("assigned elsewhere").isFalse();
		assertThat(pm.halted().state()).isEqualTo(MirrorState.OFFSET_DIVERGED);
		assertThat(pm.halted().reason()).contains("source offset 11").contains("destination offset 11").contains("12");
		assertThat(pm.mirroredOffset()).as("a divergence does not count as mirrored").isEqualTo(11);
		assertThat(pm.inFlight()).isZero();
	}

	@Test
	void theFirstHaltWinsAndIsReportedOnceEvenWhenThreadsRace() throws Exception {
		PartitionMirror pm = partition(true);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		CountDownLatch go = new CountDownLatch(1);
		List<Halt> halts = List.of(new Halt(MirrorState.FAILED, "a"), new Halt(MirrorState.DATA_LOSS, "b"),
				new Halt(MirrorState.OFFSET_DIVERGED, "c"), new Halt(MirrorState.TOPIC_RESET, "d"));
		List<java.util.concurrent.Future<Boolean>> reported = new java.util.ArrayList<>();
		for (int i = 0; i < 8; i++) {
			Halt halt = halts.get(i % halts.size());
			reported.add(threads.submit(() -> {
				go.await();
				pm.halt(halt);
				return pm.reportHalt();
			}));
		}
		go.countDown();
		int reports = 0;
		for (var future : reported) {
			reports += future.get(10, TimeUnit.SECONDS) ? 1 : 0;
		}
		threads.shutdown();
		assertThat(reports).isEqualTo(1);
		Halt winner = pm.halted();
		pm.halt(new Halt(MirrorState.FAILED, "later"));
		assertThat(pm.halted()).isSameAs(winner);
	}

	@Test
	void aPartitionWithSendsOfUnknownOutcomeSettlesBeforeItIsPositionedAgain() {
		PartitionMirror pm = partition(true);
		pm.startAt(0);
		pm.sending(3);
		pm.acknowledged(0, pm.claim(0), 0);
		pm.claim(1);
		pm.claim(2);
		pm.unacknowledged(null); // aborted with its producer
		pm.unacknowledged(null);
		pm.unposition();
		assertThat(pm.isStarted()).isFalse();
		assertThat(pm.settleRequired()).isTrue();

		long now = 1_000 * SECOND;
		assertThat(pm.settled(2, now, 5 * SECOND)).as("first sight").isFalse();
		assertThat(pm.settled(2, now + 4 * SECOND, 5 * SECOND)).isFalse();
		assertThat(pm.settled(3, now + 5 * SECOND, 5 * SECOND)).as("a late write landed: start over").isFalse();
		assertThat(pm.settled(3, now + 9 * SECOND, 5 * SECOND)).isFalse();
		pm.resetSettle(); // the destination did not answer in between
		assertThat(pm.settled(3, now + 10 * SECOND, 5 * SECOND)).isFalse();
		assertThat(pm.settled(3, now + 15 * SECOND, 5 * SECOND)).isTrue();

		assertThat(pm.startAt(3)).isEqualTo(3);
		assertThat(pm.settleRequired()).isFalse();
		assertThat(pm.isLive()).isTrue();
	}

	@Test
	void aPartitionWithEverythingAcknowledgedNeedsNoSettle() {
		PartitionMirror pm = partition(true);
		pm.startAt(5);
		pm.sending(1);
		pm.acknowledged(5, pm.claim(5), 5);
		pm.unposition();
		assertThat(pm.settleRequired()).isFalse();
	}

	@Test
	void aLeaseTakenOverFromAHolderThatDidNotHandOverCleanlySettlesFirst() {
		assertThat(partition(false).settleRequired()).isTrue();
		assertThat(partition(true).settleRequired()).isFalse();
	}

	@Test
	void recordsWithNoCopyThatTheConsumerMovedOverAreNotFetchedAgain() {
		PartitionMirror pm = partition(true);
		pm.startAt(0);
		pm.sending(1);
		pm.acknowledged(0, pm.claim(0), 0);
		// the consumer moved over offsets 1..3 (a commit marker, an aborted transaction)
		pm.observed(4, 4L);
		assertThat(pm.mirroredOffset()).isEqualTo(4);
		assertThat(pm.lag()).isZero();
		PartitionProgress progress = pm.progress(PartitionState.ACTIVE, null);
		assertThat(progress.mirroredOffset()).isEqualTo(4);
		assertThat(progress.destinationEnd()).isEqualTo(1);

		// after a restart, the source may have deleted 1..3: fetch from 4, not from 1
		PartitionMirror restarted = partition(true);
		restarted.restoreSkipPoint(progress.mirroredOffset(), progress.destinationEnd());
		assertThat(restarted.startAt(1)).isEqualTo(4);
		assertThat(restarted.nextSource()).as("the offset map still expects 1: record 4 starts a run").isEqualTo(1);
		assertThat(restarted.runsFor(List.of(record(4)))).hasSize(1);

		// the skip point counts only while the destination ends where it was taken
		PartitionMirror moved = partition(true);
		moved.restoreSkipPoint(4L, 1L);
		assertThat(moved.startAt(2)).isEqualTo(2);
	}

	@Test
	void theConsumerPositionCountsOnlyWhenNothingIsInFlight() {
		PartitionMirror pm = partition(true);
		pm.startAt(0);
		pm.sending(2);
		pm.acknowledged(0, pm.claim(0), 0);
		pm.claim(1);
		pm.observed(9, 9L);
		assertThat(pm.mirroredOffset()).isEqualTo(1);
		pm.acknowledged(1, 1, 1);
		pm.observed(9, 9L);
		assertThat(pm.mirroredOffset()).isEqualTo(9);
	}

	@Test
	void theLeaseIsCheckedPerSend() {
		PartitionMirror pm = partition(true);
		assertThat(pm.lease.canSend(System.nanoTime())).isTrue();
		assertThat(pm.lease.canSend(System.nanoTime() + Duration.ofMinutes(1).toNanos())).as("window passed").isFalse();
		TestLeases.lose(pm.lease);
		assertThat(pm.lease.canSend(System.nanoTime())).isFalse();
	}

	@Test
	void progressShowsTheHaltOrTheRunningStateWithTheLastError() {
		PartitionMirror pm = partition(true);
		assertThat(pm.hasProgress()).as("not positioned yet").isFalse();
		pm.startAt(3);
		assertThat(pm.progress(PartitionState.PAUSED, "the loop fails").state()).isEqualTo(PartitionState.PAUSED);
		assertThat(pm.progress(PartitionState.ACTIVE, "the loop fails").lastError()).isEqualTo("the loop fails");
		pm.sending(1);
		pm.claim(3);
		pm.unacknowledged("NOT_ENOUGH_REPLICAS");
		assertThat(pm.progress(PartitionState.ACTIVE, "the loop fails").lastError())
			.as("the partition's own error first")
			.isEqualTo("NOT_ENOUGH_REPLICAS");
		assertThat(pm.halt(Halt.dataLoss(0, 4, 9))).isTrue();
		PartitionProgress halted = pm.progress(PartitionState.ACTIVE, null);
		assertThat(halted.state()).isEqualTo(PartitionState.DATA_LOSS);
		assertThat(halted.lastError()).contains("deleted 5 record(s)");
		assertThat(pm.isLive()).isFalse();
		pm.startAt(3);
		assertThat(pm.lastError()).as("positioned again: what failed before is over").isNull();
	}

	@Test
	void sourceGapsStartRunsAtTheDestinationOffsetTheRecordWillGet() {
		PartitionMirror pm = partition(true);
		pm.startAt(0);
		assertThat(pm.runsFor(List.of(record(0), record(1)))).as("contiguous").isEmpty();
		var runs = pm.runsFor(List.of(record(0), record(1), record(5), record(6), record(9)));
		assertThat(runs).extracting((run) -> run.sourceStart() + "->" + run.destinationStart())
			.containsExactly("5->2", "9->4");
		pm.addRuns(runs);
		pm.sending(5);
		for (long offset : new long[] { 0, 1, 5, 6, 9 }) {
			long expected = pm.claim(offset);
			assertThat(pm.acknowledged(offset, expected, expected)).isTrue();
		}
		assertThat(pm.mirroredOffset()).isEqualTo(10);
		assertThat(pm.acknowledgedDestination()).isEqualTo(5);
		assertThat(pm.map().sourcePositionFor(5)).as("the destination end maps back to the next source record")
			.isEqualTo(10);
	}

	private static PartitionMirror partition(boolean predecessorDrained) {
		UUID mirror = UUID.randomUUID();
		return new PartitionMirror(mirror, "link", "orders", new TopicPartition("orders", 0),
				new TopicPartition("orders", 0), TestLeases.held(mirror, Duration.ofSeconds(20), predecessorDrained),
				OffsetMap.identical(0));
	}

	private static ConsumerRecord<byte[], byte[]> record(long offset) {
		return new ConsumerRecord<>("orders", 0, offset, new byte[0], new byte[0]);
	}

}
