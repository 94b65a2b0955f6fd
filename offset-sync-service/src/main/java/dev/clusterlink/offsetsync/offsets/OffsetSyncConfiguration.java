package dev.clusterlink.offsetsync.offsets;

import java.time.Clock;

import javax.sql.DataSource;

import dev.clusterlink.runtime.offsets.GroupOffsetSync;
import dev.clusterlink.runtime.store.LinkTaskStatus;
import dev.clusterlink.runtime.task.LinkTask;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What consumer-offset sync adds to the link-task runtime: the task's names and the sync
 * engine that records its rounds. The values of {@link #TASK} are what the state store,
 * the metrics and the command-topic group already know: do not change them.
 */
@Configuration(proxyBeanMethods = false)
class OffsetSyncConfiguration {

	/**
	 * Offset sync as a link task: a round makes seven Admin calls one after the other,
	 * then writes every group at once; a changed mirror makes its link due.
	 */
	static final LinkTask TASK = new LinkTask("offset-sync", "consumer-offset sync",
			LinkTaskStatus.CONSUMER_OFFSET_SYNC, "clusterlink-offset-sync", "clusterlink.offsetsync", 8, true);

	@Bean
	LinkTask offsetSyncTask() {
		return TASK;
	}

	@Bean
	GroupOffsetSync groupOffsetSync(DataSource dataSource, Clock clock) {
		return new GroupOffsetSync(dataSource, clock);
	}

}
