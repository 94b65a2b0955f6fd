package dev.clusterlink.aclsync.acl;

import javax.sql.DataSource;

import dev.clusterlink.runtime.acl.AclLedger;
import dev.clusterlink.runtime.store.LinkTaskStatus;
import dev.clusterlink.runtime.task.LinkTask;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What ACL sync adds to the link-task runtime: the task's names and the ACL ledger. The
 * values of {@link #TASK} are what the state store, the metrics and the command-topic
 * group already know: do not change them.
 */
@Configuration(proxyBeanMethods = false)
class AclSyncConfiguration {

	/** ACL sync as a link task; a round makes at most four Admin calls. */
	static final LinkTask TASK = new LinkTask("acl-sync", "ACL sync", LinkTaskStatus.ACL_SYNC, "clusterlink-acl-sync",
			"clusterlink.aclsync", 4, false);

	@Bean
	LinkTask aclSyncTask() {
		return TASK;
	}

	@Bean
	AclLedger aclLedger(DataSource dataSource) {
		return new AclLedger(dataSource);
	}

}
