package dev.clusterlink.runtime.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.clusterlink.runtime.store.LinkTaskStatus;
import dev.clusterlink.runtime.store.StateStoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a link's task status only when it changed (Strimzi's {@code maybeUpdateStatus}),
 * and an unchanged ACTIVE status again every {@code status-refresh} so that
 * {@code lastSuccessAt} moves on.
 */
public class TaskStatusWriter {

	private static final Logger log = LoggerFactory.getLogger(TaskStatusWriter.class);

	private final LinkTaskStatus status;

	private final LinkTask task;

	private final Duration refresh;

	private final Clock clock;

	private final Map<UUID, Written> written = new ConcurrentHashMap<>();

	public TaskStatusWriter(LinkTaskStatus status, LinkTask task, Duration refresh, Clock clock) {
		this.status = status;
		this.task = task;
		this.refresh = refresh;
		this.clock = clock;
	}

	/**
	 * Records the state of a link's task unless the same was written already.
	 * @param linkId the link
	 * @param linkName its name, for logs
	 * @param state the state
	 * @param reason why, for states other than ACTIVE
	 * @param success whether a round succeeded (stamps {@code last_success_at})
	 */
	public void maybeUpdate(UUID linkId, String linkName, TaskState state, @Nullable String reason, boolean success) {
		Instant now = this.clock.instant();
		Written last = this.written.get(linkId);
		boolean same = last != null && last.state() == state && Objects.equals(last.reason(), reason);
		if (same && (!success || last.at().plus(this.refresh).isAfter(now))) {
			return;
		}
		try {
			this.status.record(linkId, this.task.statusTask(), state.name(), reason, success);
			this.written.put(linkId, new Written(state, reason, now));
			if (last == null || last.state() != state) {
				log.info("link {}: {} {}{}", linkName, this.task.displayName(), state,
						(reason != null) ? " (" + reason + ")" : "");
			}
		}
		catch (StateStoreException ex) {
			// the link was deleted meanwhile, or the store is down: the next round writes
			// again
			this.written.remove(linkId);
			log.warn("link {}: recording the {} status failed: {}", linkName, this.task.displayName(), ex.getMessage());
		}
	}

	/** Forgets what was written (the link moved to another instance, or is gone). */
	public void forget(UUID linkId) {
		this.written.remove(linkId);
	}

	private record Written(TaskState state, @Nullable String reason, Instant at) {
	}

}
