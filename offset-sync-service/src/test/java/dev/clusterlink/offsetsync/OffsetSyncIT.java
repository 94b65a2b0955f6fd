package dev.clusterlink.offsetsync;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.clusterlink.offsets.sync.SyncedGroup;
import dev.clusterlink.offsetsync.support.Kafka;
import dev.clusterlink.offsetsync.support.MirrorFixture;
import dev.clusterlink.runtime.offsets.OffsetSyncStore;
import dev.clusterlink.testsupport.ServiceInstance;
import dev.clusterlink.testsupport.SyncServiceIT;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;

import static org.awaitility.Awaitility.await;

/**
 * Base of the offset sync integration tests: two real Kafka clusters (embedded KRaft; the
 * destination is also the control cluster), the real service, real PostgreSQL. Clusters,
 * links and mirrors are written with SQL into the tables the link manager owns;
 * {@link MirrorFixture} plays the mirror worker. Every test uses its own topics and
 * groups.
 */
public abstract class OffsetSyncIT extends SyncServiceIT {

	@BeforeAll
	static void schema() {
		useControlCluster(Kafka.destination());
	}

	protected static ConditionFactory eventually() {
		return await().atMost(WAIT).pollInterval(Duration.ofMillis(200));
	}

	/** {@code consumer.offset.group.filters} including every group with a prefix. */
	protected static String prefixed(String prefix) {
		return groupFilters(filter(prefix, "PREFIXED", "INCLUDE"));
	}

	protected static Map<String, String> filter(String name, String patternType, String filterType) {
		return Map.of("name", name, "patternType", patternType, "filterType", filterType);
	}

	@SafeVarargs
	protected static String groupFilters(Map<String, String>... filters) {
		return JSON.writeValueAsString(Map.of("groupFilters", List.of(filters)));
	}

	/** Link configs that sync the groups with a prefix every second. */
	protected static Map<String, String> syncing(String groupPrefix) {
		return Map.of("consumer.offset.sync.enable", "true", "consumer.offset.sync.ms", "1000",
				"consumer.offset.group.filters", prefixed(groupPrefix));
	}

	// state store -----------------------------------------------------------------

	/** A link between the two test clusters, registered under fresh names. */
	protected static Link createLink(Map<String, String> configs) {
		return createLink(unique("link"), configs);
	}

	protected static Link createLink(String name, Map<String, String> configs) {
		return createLink(name, Kafka.source(), Kafka.destination(), configs);
	}

	/** A mirror of a new source topic under the same name with a prefix. */
	protected static MirrorFixture mirror(Link link, String sourceTopic, int partitions) {
		Kafka.createTopic(Kafka.source(), sourceTopic, partitions);
		return MirrorFixture.create(link.id(), link.destinationClusterId(), sourceTopic, "dr." + sourceTopic,
				partitions);
	}

	/** What the last rounds recorded for a group of a link, null before the first. */
	protected static @Nullable SyncedGroup recorded(Link link, String group) {
		return new OffsetSyncStore(dataSource()).group(link.id(), group).orElse(null);
	}

	/**
	 * The state of a link's {@code ConsumerOffsetSync} task, {@code "none"} before the
	 * first.
	 */
	protected static String taskState(Link link) {
		List<String> states = query("select state from link_tasks where link_id = ? and task = 'ConsumerOffsetSync'",
				(rs) -> rs.getString(1), link.id());
		return states.isEmpty() ? "none" : states.get(0);
	}

	/** Rounds of a link an instance ran, whatever their outcome. */
	protected static double rounds(ServiceInstance instance, Link link) {
		return instance.count("clusterlink.offsetsync.rounds", link.name());
	}

}
