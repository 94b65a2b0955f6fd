package dev.clusterlink.offsetsync.offsets;

import java.util.List;
import java.util.Map;

import dev.clusterlink.offsetsync.OffsetSyncIT;
import dev.clusterlink.offsetsync.OffsetSyncInstance;
import dev.clusterlink.offsetsync.support.Kafka;
import dev.clusterlink.offsetsync.support.MirrorFixture;
import dev.clusterlink.runtime.offsets.OffsetSyncStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code consumer.offset.group.filters}: LITERAL and PREFIXED patterns, INCLUDE and
 * EXCLUDE, EXCLUDE wins, no filter syncs no group; changed live, a group no longer
 * selected is left as it is on the destination.
 */
class FiltersIT extends OffsetSyncIT {

	@BeforeEach
	void running() {
		OffsetSyncInstance.shared();
	}

	@Test
	void literalPrefixedIncludeAndExclude() {
		String u = unique("f");
		String filters = groupFilters(filter(u + "-solo", "LITERAL", "INCLUDE"),
				filter(u + "-team-", "PREFIXED", "INCLUDE"), filter(u + "-team-tmp", "PREFIXED", "EXCLUDE"),
				filter(u + "-team-b", "LITERAL", "EXCLUDE"));
		Link link = createLink(Map.of("consumer.offset.sync.enable", "true", "consumer.offset.sync.ms", "1000",
				"consumer.offset.group.filters", filters));
		MirrorFixture mirror = mirror(link, unique("orders"), 1);
		Kafka.produce(Kafka.source(), mirror.sourceTopic(), 0, 20);
		mirror.copyAll(0);

		List<String> selected = List.of(u + "-solo", u + "-team-a", u + "-team-bb");
		List<String> notSelected = List.of(u + "-solo-2", u + "-team-b", u + "-team-tmp1", u + "-other");
		for (String group : selected) {
			Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 7L), "");
		}
		for (String group : notSelected) {
			Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 7L), "");
		}
		// a link without filters: no group
		Link unfiltered = createLink(Map.of("consumer.offset.sync.enable", "true", "consumer.offset.sync.ms", "1000"));
		MirrorFixture other = MirrorFixture.create(unfiltered.id(), unfiltered.destinationClusterId(),
				mirror.sourceTopic(), "other." + mirror.sourceTopic(), 1);
		other.copyAll(0);

		eventually().untilAsserted(() -> {
			for (String group : selected) {
				assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0))).as(group).isEqualTo(7);
			}
		});
		// a few more rounds of both links after the selected groups synced
		eventually().until(() -> "ACTIVE".equals(taskState(unfiltered)));
		double rounds = rounds(OffsetSyncInstance.shared(), link);
		eventually().until(() -> rounds(OffsetSyncInstance.shared(), link) >= rounds + 2);
		for (String group : notSelected) {
			assertThat(Kafka.committed(Kafka.destination(), group)).as(group).isEmpty();
			assertThat(recorded(link, group)).isNull();
		}
		assertThat(new OffsetSyncStore(dataSource()).groups(unfiltered.id())).isEmpty();
		for (String group : selected) {
			assertThat(Kafka.committed(Kafka.destination(), group)).as(group).doesNotContainKey(other.destination(0));
		}

		// changed live: team-a is excluded now; its destination offset stays
		reconfigure(link, Map.of("consumer.offset.sync.enable", "true", "consumer.offset.sync.ms", "1000",
				"consumer.offset.group.filters",
				groupFilters(filter(u + "-", "PREFIXED", "INCLUDE"), filter(u + "-team-a", "LITERAL", "EXCLUDE"),
						filter(u + "-team-b", "LITERAL", "EXCLUDE"), filter(u + "-team-tmp", "PREFIXED", "EXCLUDE"))));
		Kafka.commit(Kafka.source(), u + "-team-a", Map.of(mirror.source(0), 12L), "");
		Kafka.commit(Kafka.source(), u + "-solo", Map.of(mirror.source(0), 12L), "");
		eventually().untilAsserted(() -> {
			assertThat(Kafka.committed(Kafka.destination(), u + "-solo", mirror.destination(0))).isEqualTo(12);
			assertThat(Kafka.committed(Kafka.destination(), u + "-other", mirror.destination(0))).isEqualTo(7);
			assertThat(recorded(link, u + "-team-a").skipReason()).contains("no longer selects");
		});
		assertThat(Kafka.committed(Kafka.destination(), u + "-team-a", mirror.destination(0))).isEqualTo(7);
	}

}
