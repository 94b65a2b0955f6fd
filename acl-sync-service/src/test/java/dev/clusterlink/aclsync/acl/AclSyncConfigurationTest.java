package dev.clusterlink.aclsync.acl;

import dev.clusterlink.runtime.store.LinkTaskStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names ACL sync runs under are what the state store, dashboards and the running
 * group already know.
 */
class AclSyncConfigurationTest {

	@Test
	void theTaskKeepsItsNames() {
		assertThat(AclSyncConfiguration.TASK.statusTask()).isEqualTo(LinkTaskStatus.ACL_SYNC).isEqualTo("AclSync");
		assertThat(AclSyncConfiguration.TASK.groupId()).isEqualTo("clusterlink-acl-sync");
		assertThat(AclSyncConfiguration.TASK.metricPrefix()).isEqualTo("clusterlink.aclsync");
		assertThat(AclSyncConfiguration.TASK.name()).isEqualTo("acl-sync");
		assertThat(AclSyncConfiguration.TASK.followsMirrors()).isFalse();
	}

}
