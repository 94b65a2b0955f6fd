package dev.clusterlink.offsetsync.offsets;

import dev.clusterlink.runtime.store.LinkTaskStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names offset sync runs under are what the state store, dashboards and the running
 * group already know; a changed mirror makes its link due.
 */
class OffsetSyncConfigurationTest {

	@Test
	void theTaskKeepsItsNames() {
		assertThat(OffsetSyncConfiguration.TASK.statusTask()).isEqualTo(LinkTaskStatus.CONSUMER_OFFSET_SYNC)
			.isEqualTo("ConsumerOffsetSync");
		assertThat(OffsetSyncConfiguration.TASK.groupId()).isEqualTo("clusterlink-offset-sync");
		assertThat(OffsetSyncConfiguration.TASK.metricPrefix()).isEqualTo("clusterlink.offsetsync");
		assertThat(OffsetSyncConfiguration.TASK.name()).isEqualTo("offset-sync");
		assertThat(OffsetSyncConfiguration.TASK.followsMirrors()).isTrue();
	}

}
