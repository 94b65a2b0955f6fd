package dev.clusterlink.model;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.clusterlink.model.MirrorState.ACTIVE;
import static dev.clusterlink.model.MirrorState.DATA_LOSS;
import static dev.clusterlink.model.MirrorState.FAILED;
import static dev.clusterlink.model.MirrorState.OFFSET_DIVERGED;
import static dev.clusterlink.model.MirrorState.PAUSED;
import static dev.clusterlink.model.MirrorState.PENDING;
import static dev.clusterlink.model.MirrorState.PENDING_STOPPED;
import static dev.clusterlink.model.MirrorState.SOURCE_UNAVAILABLE;
import static dev.clusterlink.model.MirrorState.STOPPED;
import static dev.clusterlink.model.MirrorState.TOPIC_RESET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker's transitions of the mirror state machine, every state by every event. */
class MirrorEventTest {

	private static final Set<MirrorState> HALTS = EnumSet.of(DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED, FAILED);

	@ParameterizedTest
	@EnumSource(MirrorState.class)
	void copyingMakesAPendingMirrorActiveAndIsIllegalWhenPausedOrStopping(MirrorState state) {
		switch (state) {
			case PENDING -> assertChanged(MirrorLifecycle.on(MirrorEvent.COPYING, state, null), ACTIVE, null);
			case ACTIVE, SOURCE_UNAVAILABLE, DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED, FAILED ->
				assertThat(MirrorLifecycle.on(MirrorEvent.COPYING, state, null).changed()).isFalse();
			case PAUSED, PENDING_STOPPED, STOPPED ->
				assertIllegal(() -> MirrorLifecycle.on(MirrorEvent.COPYING, state, null), "copying");
		}
	}

	@ParameterizedTest
	@EnumSource(MirrorState.class)
	void aSetUpIsRetriedOnlyWhilePending(MirrorState state) {
		if (state == PENDING) {
			assertChanged(MirrorLifecycle.on(MirrorEvent.SET_UP_RETRYING, state, null), PENDING, null);
		}
		else {
			assertIllegal(() -> MirrorLifecycle.on(MirrorEvent.SET_UP_RETRYING, state, null), "set-up-retrying");
		}
	}

	@ParameterizedTest
	@EnumSource(MirrorState.class)
	void onlyACopyingMirrorShowsAnUnreachableSourceAndOnlyThatComesBack(MirrorState state) {
		MirrorTransition lost = MirrorLifecycle.on(MirrorEvent.SOURCE_UNREACHABLE, state, null);
		MirrorTransition back = MirrorLifecycle.on(MirrorEvent.SOURCE_ANSWERS, state, null);
		if (state == ACTIVE) {
			assertChanged(lost, SOURCE_UNAVAILABLE, null);
		}
		else {
			assertThat(lost.changed()).isFalse();
			assertThat(lost.to()).isEqualTo(state);
		}
		if (state == SOURCE_UNAVAILABLE) {
			assertChanged(back, ACTIVE, null);
		}
		else {
			assertThat(back.changed()).isFalse();
			assertThat(back.to()).isEqualTo(state);
		}
	}

	@ParameterizedTest
	@EnumSource(MirrorState.class)
	void aPromotionWaitsOrTimesOutOnlyWhileItIsInProgress(MirrorState state) {
		if (state == PENDING_STOPPED) {
			assertChanged(MirrorLifecycle.on(MirrorEvent.PROMOTION_WAITING, state, StoppedBy.PROMOTE), PENDING_STOPPED,
					StoppedBy.PROMOTE);
			assertChanged(MirrorLifecycle.on(MirrorEvent.PROMOTION_TIMED_OUT, state, StoppedBy.PROMOTE), ACTIVE, null);
			assertIllegal(() -> MirrorLifecycle.on(MirrorEvent.PROMOTION_WAITING, state, StoppedBy.FAILOVER),
					"promotion-waiting");
			assertIllegal(() -> MirrorLifecycle.on(MirrorEvent.PROMOTION_TIMED_OUT, state, StoppedBy.FAILOVER),
					"promotion-timed-out");
		}
		else {
			assertIllegal(() -> MirrorLifecycle.on(MirrorEvent.PROMOTION_WAITING, state, null), "promotion-waiting");
			assertIllegal(() -> MirrorLifecycle.on(MirrorEvent.PROMOTION_TIMED_OUT, state, null),
					"promotion-timed-out");
		}
	}

	@ParameterizedTest
	@EnumSource(MirrorState.class)
	void onlyAStoppingMirrorStopsAndKeepsItsReason(MirrorState state) {
		for (StoppedBy by : StoppedBy.values()) {
			switch (state) {
				case PENDING_STOPPED ->
					assertChanged(MirrorLifecycle.on(MirrorEvent.STOP_COMPLETED, state, by), STOPPED, by);
				case STOPPED ->
					assertThat(MirrorLifecycle.on(MirrorEvent.STOP_COMPLETED, state, by).changed()).isFalse();
				default ->
					assertIllegal(() -> MirrorLifecycle.on(MirrorEvent.STOP_COMPLETED, state, by), "stop-completed");
			}
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MirrorLifecycle.on(MirrorEvent.STOP_COMPLETED, state, null));
	}

	@ParameterizedTest
	@EnumSource(MirrorState.class)
	void aSetUpHaltMovesEveryStateButStoppedAndTheSameHalt(MirrorState state) {
		for (MirrorState halt : HALTS) {
			if (state == STOPPED) {
				assertIllegal(() -> MirrorLifecycle.onHalt(MirrorEvent.SET_UP_HALTED, halt, state, StoppedBy.PROMOTE),
						"set-up-halted");
			}
			else if (state == halt) {
				assertThat(MirrorLifecycle.onHalt(MirrorEvent.SET_UP_HALTED, halt, state, null).changed()).isFalse();
			}
			else {
				assertChanged(MirrorLifecycle.onHalt(MirrorEvent.SET_UP_HALTED, halt, state, StoppedBy.PROMOTE), halt,
						null);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(MirrorState.class)
	void aHaltOfTheRunShowsUnlessAHaltShowsOrTheMirrorStops(MirrorState state) {
		for (MirrorState halt : HALTS) {
			MirrorTransition run = MirrorLifecycle.onHalt(MirrorEvent.RUN_HALTED, halt, state, null);
			MirrorTransition partition = MirrorLifecycle.onHalt(MirrorEvent.PARTITION_HALTED, halt, state, null);
			switch (state) {
				case ACTIVE, PAUSED, SOURCE_UNAVAILABLE -> {
					assertChanged(run, halt, null);
					assertChanged(partition, halt, null);
				}
				case PENDING -> {
					assertChanged(run, halt, null);
					assertThat(partition.changed()).as("a resumed mirror is not halted by its previous run").isFalse();
				}
				case DATA_LOSS, TOPIC_RESET, OFFSET_DIVERGED, FAILED, PENDING_STOPPED, STOPPED -> {
					assertThat(run.changed()).isFalse();
					assertThat(partition.changed()).isFalse();
					assertThat(partition.to()).isEqualTo(state);
				}
			}
		}
	}

	@Test
	void haltsNeedAFailClosedStateAndTheirOwnEntryPoint() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MirrorLifecycle.onHalt(MirrorEvent.RUN_HALTED, PAUSED, ACTIVE, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MirrorLifecycle.onHalt(MirrorEvent.COPYING, FAILED, ACTIVE, null));
		for (MirrorEvent event : MirrorEvent.values()) {
			if (event.isHalt()) {
				assertThatIllegalArgumentException().isThrownBy(() -> MirrorLifecycle.on(event, ACTIVE, null));
			}
		}
	}

	@Test
	void partitionStatesAreStoredByName() {
		for (PartitionState state : PartitionState.values()) {
			assertThat(PartitionState.fromStored(state.stored())).isSameAs(state);
		}
		assertThat(PartitionState.fromStored("SOMETHING_NEW")).isNull();
		assertThat(PartitionState.SETTING_UP.stored()).isEqualTo("SETTING_UP");
		for (MirrorState halt : HALTS) {
			assertThat(PartitionState.halted(halt).halt()).isEqualTo(halt);
			assertThat(PartitionState.halted(halt).stored()).isEqualTo(halt.name());
		}
		assertThat(PartitionState.running(true)).isEqualTo(PartitionState.PAUSED);
		assertThat(PartitionState.running(false).halt()).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> PartitionState.halted(ACTIVE));
	}

	private static void assertChanged(MirrorTransition transition, MirrorState to, StoppedBy stoppedBy) {
		assertThat(transition.changed()).isTrue();
		assertThat(transition.to()).isEqualTo(to);
		assertThat(transition.stoppedBy()).isEqualTo(stoppedBy);
	}

	private static void assertIllegal(Runnable call, String verb) {
		assertThatThrownBy(call::run).isInstanceOf(IllegalTransitionException.class)
			.satisfies((ex) -> assertThat(((IllegalTransitionException) ex).requested()).isEqualTo(verb));
	}

}
