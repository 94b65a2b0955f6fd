package dev.clusterlink.runtime.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * Writes the status of a link task (table {@code link_tasks}), which {@code GET
 * /api/v1/links/{link}} shows. Tasks: {@value #ACL_SYNC}, {@value #CONSUMER_OFFSET_SYNC},
 * {@value #TOPIC_CONFIG_SYNC}. States: {@code ACTIVE}, {@code IN_ERROR},
 * {@code UNAVAILABLE}, {@code NOT_CONFIGURED}, {@code PAUSED}.
 */
public final class LinkTaskStatus {

	/** ACL sync of a link. */
	public static final String ACL_SYNC = "AclSync";

	/** Consumer-offset sync of a link. */
	public static final String CONSUMER_OFFSET_SYNC = "ConsumerOffsetSync";

	/** Topic-config sync of the link's mirrors. */
	public static final String TOPIC_CONFIG_SYNC = "TopicConfigSync";

	private final Jdbc jdbc;

	public LinkTaskStatus(DataSource dataSource) {
		this.jdbc = new Jdbc(dataSource);
	}

	/**
	 * Records a task's state; a success also stamps {@code last_success_at}.
	 * @param linkId the link
	 * @param task the task name
	 * @param state the state
	 * @param reason why, for states other than ACTIVE (no secrets)
	 * @param success whether this round succeeded
	 */
	public void record(UUID linkId, String task, String state, @Nullable String reason, boolean success) {
		String sql = "insert into link_tasks (link_id, task, state, reason, last_success_at, updated_at) "
				+ "values (?, ?, ?, ?, ?, now()) on conflict (link_id, task) do update set state = excluded.state, "
				+ "reason = excluded.reason, updated_at = now(), "
				+ "last_success_at = coalesce(excluded.last_success_at, link_tasks.last_success_at)";
		// a link deleted meanwhile (foreign key) or the store down: the caller writes
		// again
		// after its next round
		this.jdbc.update("recording task " + task + " of link " + linkId, sql, (statement) -> {
			statement.setObject(1, linkId);
			statement.setString(2, task);
			statement.setString(3, state);
			statement.setString(4, reason);
			statement.setTimestamp(5, success ? Timestamp.from(Instant.now()) : null);
		});
	}

}
