package dev.clusterlink.linkmanager.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

import dev.clusterlink.config.LinkConfigDef;
import dev.clusterlink.config.LinkConfigs;
import dev.clusterlink.runtime.store.LinkTaskStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The state store as the link manager sees it, as gauges refreshed every {@link #REFRESH}
 * by a few cheap grouped queries (every replica publishes the same values): links by
 * state, mirrors and partitions by state per link, link tasks by state, and how long ago
 * each task last wrote its status and last succeeded, next to its interval. A row that
 * disappears (a deleted link, a state left) loses its series at the next refresh.
 *
 * <p>
 * Prometheus names: {@code clusterlink_store_link_state{link,state}} (1),
 * {@code clusterlink_store_mirrors{link,state}},
 * {@code clusterlink_store_partitions{link,state}},
 * {@code clusterlink_store_link_tasks{link,task,state}} (1),
 * {@code clusterlink_store_link_task_update_age_seconds{link,task}},
 * {@code clusterlink_store_link_task_success_age_seconds{link,task}} (since the link was
 * created when the task never succeeded),
 * {@code clusterlink_store_link_task_interval_seconds{link,task}}.
 */
@Component
class StateGauges implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(StateGauges.class);

	static final Duration REFRESH = Duration.ofSeconds(15);

	/** Reads a link's configs column (a JSON object of strings). */
	private static final JsonMapper CONFIGS = JsonMapper.builder().build();

	/** The link config that sets each task's interval. */
	private static final Map<String, LinkConfigDef> TASK_INTERVALS = Map.of(LinkTaskStatus.ACL_SYNC,
			LinkConfigs.ACL_SYNC_MS, LinkTaskStatus.CONSUMER_OFFSET_SYNC, LinkConfigs.CONSUMER_OFFSET_SYNC_MS,
			LinkTaskStatus.TOPIC_CONFIG_SYNC, LinkConfigs.TOPIC_CONFIG_SYNC_MS);

	private final JdbcTemplate jdbc;

	private final TaskScheduler scheduler;

	private final MultiGauge links;

	private final MultiGauge mirrors;

	private final MultiGauge partitions;

	private final MultiGauge tasks;

	private final MultiGauge taskUpdateAge;

	private final MultiGauge taskSuccessAge;

	private final MultiGauge taskInterval;

	private volatile ScheduledFuture<?> refreshing;

	StateGauges(JdbcTemplate jdbc, TaskScheduler scheduler, MeterRegistry registry) {
		this.jdbc = jdbc;
		this.scheduler = scheduler;
		this.links = MultiGauge.builder("clusterlink.store.link.state")
			.description("1 for the state of each link (state store)")
			.register(registry);
		this.mirrors = MultiGauge.builder("clusterlink.store.mirrors")
			.description("mirrors per link and state (state store)")
			.register(registry);
		this.partitions = MultiGauge.builder("clusterlink.store.partitions")
			.description("mirror partitions per link and state, as the workers last wrote them (state store)")
			.register(registry);
		this.tasks = MultiGauge.builder("clusterlink.store.link.tasks")
			.description("1 for the state of each link task (state store)")
			.register(registry);
		this.taskUpdateAge = MultiGauge.builder("clusterlink.store.link.task.update.age")
			.baseUnit("seconds")
			.description("seconds since the service running a link task last wrote its status")
			.register(registry);
		this.taskSuccessAge = MultiGauge.builder("clusterlink.store.link.task.success.age")
			.baseUnit("seconds")
			.description("seconds since a link task last succeeded (since the link was created if it never did)")
			.register(registry);
		this.taskInterval = MultiGauge.builder("clusterlink.store.link.task.interval")
			.baseUnit("seconds")
			.description("the interval of a link task, from the link's configs")
			.register(registry);
	}

	/** One round of queries; a failure leaves the gauges as they were. */
	void refresh() {
		this.links.register(
				this.jdbc.query("select name, state from links",
						(rs, n) -> MultiGauge.Row.of(Tags.of("link", rs.getString(1), "state", rs.getString(2)), 1)),
				true);
		this.mirrors.register(this.jdbc.query(
				"select l.name, m.state, count(*) from mirrors m join links l on l.id = m.link_id group by l.name, m.state",
				(rs, n) -> MultiGauge.Row.of(Tags.of("link", rs.getString(1), "state", rs.getString(2)),
						rs.getLong(3))),
				true);
		this.partitions.register(this.jdbc.query("select l.name, p.state, count(*) from mirror_partitions p "
				+ "join mirrors m on m.id = p.mirror_id join links l on l.id = m.link_id group by l.name, p.state",
				(rs, n) -> MultiGauge.Row.of(Tags.of("link", rs.getString(1), "state", rs.getString(2)),
						rs.getLong(3))),
				true);
		List<MultiGauge.Row<?>> states = new ArrayList<>();
		List<MultiGauge.Row<?>> updated = new ArrayList<>();
		List<MultiGauge.Row<?>> succeeded = new ArrayList<>();
		List<MultiGauge.Row<?>> intervals = new ArrayList<>();
		this.jdbc.query("select l.name, t.task, t.state, extract(epoch from now() - t.updated_at), "
				+ "extract(epoch from now() - coalesce(t.last_success_at, l.created_at)), l.configs::text "
				+ "from link_tasks t join links l on l.id = t.link_id", (rs) -> {
					Tags tags = Tags.of("link", rs.getString(1), "task", rs.getString(2));
					states.add(MultiGauge.Row.of(tags.and("state", rs.getString(3)), 1));
					updated.add(MultiGauge.Row.of(tags, rs.getDouble(4)));
					succeeded.add(MultiGauge.Row.of(tags, rs.getDouble(5)));
					LinkConfigDef interval = TASK_INTERVALS.get(rs.getString(2));
					if (interval != null) {
						intervals.add(MultiGauge.Row.of(tags, intervalSeconds(rs.getString(6), interval)));
					}
				});
		this.tasks.register(states, true);
		this.taskUpdateAge.register(updated, true);
		this.taskSuccessAge.register(succeeded, true);
		this.taskInterval.register(intervals, true);
	}

	/**
	 * The interval a link's configs set (JSON of canonical strings), else the default.
	 */
	static double intervalSeconds(String configsJson, LinkConfigDef def) {
		String value = def.defaultValue();
		try {
			Object set = CONFIGS.readValue(configsJson, Map.class).get(def.name());
			if (set != null) {
				value = set.toString();
			}
			return Long.parseLong(value.trim()) / 1000.0;
		}
		catch (RuntimeException ex) {
			return Long.parseLong(def.defaultValue()) / 1000.0;
		}
	}

	private void refreshGuarded() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			// the gauges keep their last values: say so once per outage, not every 15 s
			if (!this.failing) {
				log.warn("refreshing the state gauges failed; they show the last values read until the state "
						+ "store answers again: {}", ex.toString());
			}
			this.failing = true;
			return;
		}
		if (this.failing) {
			log.info("the state gauges are refreshed again");
		}
		this.failing = false;
	}

	/** Whether the last refresh failed (touched by the refresh thread only). */
	private boolean failing;

	@Override
	public void start() {
		this.refreshing = this.scheduler.scheduleWithFixedDelay(this::refreshGuarded, REFRESH);
	}

	@Override
	public void stop() {
		ScheduledFuture<?> current = this.refreshing;
		if (current != null) {
			current.cancel(true);
		}
		this.refreshing = null;
	}

	@Override
	public boolean isRunning() {
		return this.refreshing != null;
	}

}
