package dev.clusterlink.mirrorworker.mirror;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.mirrorworker.ownership.Lease;
import dev.clusterlink.mirrorworker.ownership.TestLeases;
import dev.clusterlink.mirrorworker.state.MirrorStateStore;
import dev.clusterlink.mirrorworker.status.MirrorMetrics;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.MirrorTransition;
import dev.clusterlink.offsets.OffsetMap;
import dev.clusterlink.runtime.store.StateStoreReader;
import dev.clusterlink.store.MirrorRow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The halt decisions on plain objects: which condition halts a partition, with which
 * message, that the first halt wins and is reported once, and which transition the mirror
 * makes.
 */
class HaltPolicyTest {

	private static final WorkerProperties PROPERTIES = LinkPipelineTest.properties();

	private final ReconcilerThread thread = new ReconcilerThread(PROPERTIES);

	private final RunningMirrors running = new RunningMirrors(this.thread);

	private final RecordingStates states = new RecordingStates();

	private final RecordingPartitions partitions = new RecordingPartitions();

	private final HaltPolicy policy = new HaltPolicy(this.thread, this.running,
			new StateStoreReader(noDatabase(), null), this.states, null, this.partitions, null, PROPERTIES);

	private final AtomicLong skippedTo = new AtomicLong(-1);

	@AfterEach
	void stop() {
		this.thread.shutdown();
	}

	@Test
	void retentionPastTheOffsetToFetchHaltsInDataLossWithTheSameMessageWhereverItIsFound() {
		PartitionMirror fetching = started(100);
		this.policy.outOfRange(fetching, 100, 200, 300, this.skippedTo::set);
		assertThat(fetching.halted().state()).isEqualTo(MirrorState.DATA_LOSS);
		assertThat(fetching.halted().reason()).contains("deleted 100 record(s)")
			.contains("offsets 100 to 199")
			.contains("acknowledgeDataLoss=true");
		assertThat(this.skippedTo).hasValue(-1);

		PartitionMirror observed = started(100);
		this.policy.sourceStartObserved(observed, 200L);
		assertThat(observed.halted()).isEqualTo(fetching.halted());
	}

	@Test
	void aPartitionThatSkipsLossRecordsTheLossAndMovesPastIt() {
		PartitionMirror pm = started(100);
		pm.skipLoss(true);
		this.policy.outOfRange(pm, 100, 250, 300, this.skippedTo::set);
		assertThat(pm.halted()).isNull();
		assertThat(this.skippedTo).hasValue(250);
		assertThat(this.partitions.lost).containsExactly(150L);
	}

	@Test
	void aSourceLogThatEndsBeforeTheMirroredPositionFails() {
		PartitionMirror pm = started(50);
		this.policy.outOfRange(pm, 50, 0, 40, this.skippedTo::set);
		assertThat(pm.halted().state()).isEqualTo(MirrorState.FAILED);
		assertThat(pm.halted().reason()).contains("ends at 40, before the mirrored position 50");
	}

	@Test
	void theSourceStartHaltsOnlyAPositionedIdlePartitionThatDoesNotSkipLoss() {
		PartitionMirror notPositioned = partition();
		this.policy.sourceStartObserved(notPositioned, 10L);
		assertThat(notPositioned.halted()).as("not positioned yet").isNull();

		PartitionMirror busy = started(5);
		busy.sending(1);
		busy.claim(5);
		this.policy.sourceStartObserved(busy, 10L);
		assertThat(busy.halted()).as("records in flight: the copy decides").isNull();

		PartitionMirror skipping = started(5);
		skipping.skipLoss(true);
		this.policy.sourceStartObserved(skipping, 10L);
		assertThat(skipping.halted()).isNull();

		PartitionMirror idle = started(5);
		this.policy.sourceStartObserved(idle, null);
		this.policy.sourceStartObserved(idle, 5L);
		assertThat(idle.halted()).as("nothing lost yet").isNull();
		this.policy.sourceStartObserved(idle, 6L);
		assertThat(idle.halted().state()).isEqualTo(MirrorState.DATA_LOSS);
	}

	@Test
	void theFirstHaltWinsAndThePolicyReportsItOnce() {
		PartitionMirror pm = started(100);
		Halt first = Halt.acknowledgedElsewhere(pm.destination, 100, 100, 101);
		assertThat(pm.halt(first)).isTrue();
		this.policy.outOfRange(pm, 100, 200, 300, this.skippedTo::set);
		assertThat(pm.halted()).isSameAs(first);
		assertThat(pm.halt(Halt.dataLoss(0, 100, 200))).as("a later halt loses").isFalse();
		assertThat(pm.reportHalt()).as("the policy reported it already").isFalse();
	}

	@Test
	void aPendingMirrorBecomesActiveWhenItsRunHasNoHaltAndShowsTheFirstHaltOtherwise() {
		MirrorRow pending = row(MirrorState.PENDING);
		Running clean = runningWith(pending, partition());
		this.policy.showRun(pending, lease(pending), clean);
		assertThat(this.states.written()).extracting(MirrorTransition::to).containsExactly(MirrorState.ACTIVE);

		PartitionMirror halted = partition();
		halted.halt(Halt.destinationTopicGone(halted.destination));
		this.states.clear();
		this.policy.showRun(pending, lease(pending), runningWith(pending, partition(), halted));
		assertThat(this.states.written()).extracting(MirrorTransition::to).containsExactly(MirrorState.FAILED);
		assertThat(this.states.reasons).containsExactly(halted.halted().reason());

		this.states.clear();
		MirrorRow alreadyHalted = row(MirrorState.DATA_LOSS);
		this.policy.showRun(alreadyHalted, lease(alreadyHalted), runningWith(alreadyHalted, halted));
		assertThat(this.states.written()).as("the first halt shown stays").isEmpty();
	}

	@Test
	void aSetUpHaltMovesTheMirrorUnlessItShowsThatHaltAlready() {
		Halt reset = Halt.topicReset("orders", "old-id", "new-id");
		MirrorRow active = row(MirrorState.ACTIVE);
		this.policy.showSetUpHalt(active, lease(active), reset);
		assertThat(this.states.written()).extracting(MirrorTransition::to).containsExactly(MirrorState.TOPIC_RESET);
		assertThat(this.states.reasons.get(0)).contains("topic id old-id is now new-id");

		this.states.clear();
		MirrorRow shown = row(MirrorState.TOPIC_RESET);
		this.policy.showSetUpHalt(shown, lease(shown), reset);
		assertThat(this.states.written()).isEmpty();
	}

	private Running runningWith(MirrorRow row, PartitionMirror... partitions) {
		ClusterConnection cluster = new ClusterConnection("c", "c:9092", java.util.Map.of());
		LinkPipeline pipeline = new LinkPipeline("link", cluster, cluster, null, PROPERTIES, this.partitions,
				new MirrorMetrics(new SimpleMeterRegistry()), this.policy);
		return new Running(row, pipeline, List.of(partitions));
	}

	private static PartitionMirror started(long destinationEnd) {
		PartitionMirror pm = partition();
		pm.startAt(destinationEnd);
		return pm;
	}

	private static PartitionMirror partition() {
		UUID mirror = new UUID(0, 7);
		return new PartitionMirror(mirror, "link", "orders", new TopicPartition("orders", 0),
				new TopicPartition("orders", 0), TestLeases.held(mirror, Duration.ofMinutes(5), true),
				OffsetMap.identical(0));
	}

	private static MirrorRow row(MirrorState state) {
		return new MirrorRow(new UUID(0, 7), new UUID(0, 1), "link", "orders", "orders", state, null, null, "id", 3);
	}

	private static Lease lease(MirrorRow row) {
		return TestLeases.held(row.id(), Duration.ofMinutes(5), true);
	}

	/** The state store is out of reach: every read fails, as a database that is down. */
	private static DataSource noDatabase() {
		return (DataSource) Proxy.newProxyInstance(HaltPolicyTest.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
					throw new SQLException("no database in a unit test");
				});
	}

	/** Records the transitions the worker stores. */
	private static final class RecordingStates extends MirrorStateStore {

		final List<MirrorTransition> transitions = new CopyOnWriteArrayList<>();

		final List<@Nullable String> reasons = new CopyOnWriteArrayList<>();

		RecordingStates() {
			super(null, PROPERTIES);
		}

		@Override
		public boolean transition(MirrorRow mirror, Lease lease, MirrorTransition transition, @Nullable String reason) {
			assertThat(transition.from()).isEqualTo(mirror.state());
			this.transitions.add(transition);
			if (transition.changed()) {
				this.reasons.add(reason);
			}
			return transition.changed();
		}

		List<MirrorTransition> written() {
			return this.transitions.stream().filter(MirrorTransition::changed).toList();
		}

		void clear() {
			this.transitions.clear();
			this.reasons.clear();
		}

	}

	/** Partition rows kept nowhere; records lost are remembered. */
	private static final class RecordingPartitions extends PartitionStore {

		final List<Long> lost = new CopyOnWriteArrayList<>();

		RecordingPartitions() {
			super(null, PROPERTIES);
		}

		@Override
		void addRecordsLost(Lease lease, int partition, long records) {
			this.lost.add(records);
		}

		@Override
		void writeProgress(java.util.Collection<PartitionProgress> progress) {
		}

	}

}
