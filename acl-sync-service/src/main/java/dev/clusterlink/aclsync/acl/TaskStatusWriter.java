package dev.clusterlink.aclsync.acl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.clusterlink.aclsync.AclSyncProperties;
import dev.clusterlink.runtime.store.LinkTaskStatus;
import dev.clusterlink.runtime.store.StateStoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Writes the {@code AclSync} task status of a link only when it changed, and an unchanged
 * ACTIVE status again every {@code status-refresh} so that {@code lastSuccessAt} moves
 * on.
 */
@Component
class TaskStatusWriter {

	private static final Logger log = LoggerFactory.getLogger(TaskStatusWriter.class);

	private final LinkTaskStatus status;

	private final Duration refresh;

	private final Clock clock;

	private final Map<UUID, Written> written = new ConcurrentHashMap<>();

	TaskStatusWriter(LinkTaskStatus status, AclSyncProperties properties, Clock clock) {
		this.status = status;
		this.refresh = properties.statusRefresh();
		this.clock = clock;
	}

	void maybeUpdate(UUID linkId, String linkName, TaskState state, @Nullable String reason, boolean success) {
		Instant now = this.clock.instant();
		Written last = this.written.get(linkId);
		boolean same = last != null && last.state() == state && Objects.equals(last.reason(), reason);
		if (same && (!success || last.at().plus(this.refresh).isAfter(now))) {
			return;
		}
		try {
			this.status.record(linkId, dev.clusterlink.runtime.store.LinkTaskStatus.ACL_SYNC, state.name(), reason,
					success);
			this.written.put(linkId, new Written(state, reason, now));
			if (last == null || last.state() != state) {
				log.info("link {}: ACL sync {}{}", linkName, state, (reason != null) ? " (" + reason + ")" : "");
			}
		}
		catch (StateStoreException ex) {
			// the link was deleted meanwhile, or the store is down: the next round writes
			// again
			this.written.remove(linkId);
			log.warn("link {}: recording the ACL sync status failed: {}", linkName, ex.getMessage());
		}
	}

	/** Forgets what was written (the link moved to another instance, or is gone). */
	void forget(UUID linkId) {
		this.written.remove(linkId);
	}

	private record Written(TaskState state, @Nullable String reason, Instant at) {
	}

}
