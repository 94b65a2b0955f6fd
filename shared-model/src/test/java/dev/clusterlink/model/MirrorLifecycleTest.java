package dev.clusterlink.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.clusterlink.model.MirrorAction.FAILOVER;
import static dev.clusterlink.model.MirrorAction.PAUSE;
import static dev.clusterlink.model.MirrorAction.PROMOTE;
import static dev.clusterlink.model.MirrorAction.RESUME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MirrorLifecycleTest {

	@Test
	void pauseAndResume() {
		assertThat(apply(PAUSE, MirrorState.ACTIVE).to()).isEqualTo(MirrorState.PAUSED);
		assertThat(apply(PAUSE, MirrorState.PENDING).to()).isEqualTo(MirrorState.PAUSED);
		assertThat(apply(RESUME, MirrorState.PAUSED).to()).isEqualTo(MirrorState.PENDING);
	}

	@Test
	void requestsAlreadySatisfiedChangeNothing() {
		assertThat(apply(PAUSE, MirrorState.PAUSED).changed()).isFalse();
		assertThat(apply(RESUME, MirrorState.ACTIVE).changed()).isFalse();
		MirrorTransition again = MirrorLifecycle.apply(PROMOTE, MirrorState.PENDING_STOPPED, StoppedBy.PROMOTE, false);
		assertThat(again.changed()).isFalse();
		assertThat(again.stoppedBy()).isEqualTo(StoppedBy.PROMOTE);
	}

	@Test
	void promoteNeedsAnActiveMirror() {
		MirrorTransition promote = apply(PROMOTE, MirrorState.ACTIVE);
		assertThat(promote.to()).isEqualTo(MirrorState.PENDING_STOPPED);
		assertThat(promote.stoppedBy()).isEqualTo(StoppedBy.PROMOTE);
		assertThatThrownBy(() -> apply(PROMOTE, MirrorState.PAUSED)).isInstanceOf(IllegalTransitionException.class)
			.hasMessageContaining("PAUSED")
			.hasMessageContaining("promote");
		assertThatThrownBy(() -> apply(PROMOTE, MirrorState.STOPPED)).isInstanceOf(IllegalTransitionException.class);
	}

	@ParameterizedTest
	@EnumSource(value = MirrorState.class, names = { "STOPPED" }, mode = EnumSource.Mode.EXCLUDE)
	void failoverWorksFromEveryStateButStopped(MirrorState state) {
		MirrorTransition failover = MirrorLifecycle.apply(FAILOVER, state, StoppedBy.PROMOTE, false);
		assertThat(failover.to()).isEqualTo(MirrorState.PENDING_STOPPED);
		assertThat(failover.stoppedBy()).isEqualTo(StoppedBy.FAILOVER);
	}

	@Test
	void failoverOfAStoppedMirrorIsIllegal() {
		assertThatThrownBy(() -> MirrorLifecycle.apply(FAILOVER, MirrorState.STOPPED, StoppedBy.PROMOTE, false))
			.isInstanceOf(IllegalTransitionException.class)
			.satisfies((ex) -> {
				IllegalTransitionException illegal = (IllegalTransitionException) ex;
				assertThat(illegal.currentState()).isEqualTo("STOPPED (PROMOTE)");
				assertThat(illegal.requested()).isEqualTo("failover");
			});
	}

	@ParameterizedTest
	@EnumSource(value = MirrorState.class, names = { "DATA_LOSS", "TOPIC_RESET", "OFFSET_DIVERGED", "FAILED" })
	void resumingAHaltedMirrorNeedsTheOperatorToAcknowledgeTheLoss(MirrorState state) {
		assertThat(state.isFailClosed()).isTrue();
		assertThatThrownBy(() -> apply(RESUME, state)).isInstanceOf(IllegalTransitionException.class)
			.hasMessageContaining("acknowledgeDataLoss=true");
		assertThat(MirrorLifecycle.apply(RESUME, state, null, true).to()).isEqualTo(MirrorState.PENDING);
		assertThatThrownBy(() -> apply(PAUSE, state)).isInstanceOf(IllegalTransitionException.class);
	}

	@Test
	void stoppingOrStoppedMirrorsCannotBePausedOrResumed() {
		for (MirrorState state : new MirrorState[] { MirrorState.PENDING_STOPPED, MirrorState.STOPPED }) {
			assertThatThrownBy(() -> apply(PAUSE, state)).isInstanceOf(IllegalTransitionException.class);
			assertThatThrownBy(() -> MirrorLifecycle.apply(RESUME, state, StoppedBy.FAILOVER, true))
				.isInstanceOf(IllegalTransitionException.class);
		}
	}

	@Test
	void linkPauseAndResume() {
		for (LinkState state : LinkState.values()) {
			assertThat(LinkLifecycle.pause(state)).isEqualTo(LinkState.PAUSED);
		}
		assertThat(LinkLifecycle.resume(LinkState.PAUSED)).isEqualTo(LinkState.ACTIVE);
		assertThat(LinkLifecycle.resume(LinkState.SOURCE_UNAVAILABLE)).isEqualTo(LinkState.SOURCE_UNAVAILABLE);
	}

	@Test
	void offsetModesWidenTowardsTranslated() {
		assertThat(OffsetMode.IDENTICAL.widen(OffsetMode.SHIFTED)).isEqualTo(OffsetMode.SHIFTED);
		assertThat(OffsetMode.TRANSLATED.widen(OffsetMode.IDENTICAL)).isEqualTo(OffsetMode.TRANSLATED);
	}

	private static MirrorTransition apply(MirrorAction action, MirrorState state) {
		return MirrorLifecycle.apply(action, state, null, false);
	}

}
