package dev.clusterlink.linkmanager.offsets;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.offsets.sync.GroupPlan;
import dev.clusterlink.offsets.sync.PartitionPlan;
import dev.clusterlink.offsets.sync.PartitionPlan.Action;
import dev.clusterlink.runtime.offsets.OffsetSyncStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /links/{link}/consumer-groups} and {@code GET
 * /links/{link}/consumer-groups/{group}} over the record the offset-sync rounds write:
 * per partition source and destination offsets, how far the destination trails, the last
 * sync, skip reasons, failoverReady.
 */
class ConsumerGroupApiIT extends LinkManagerIT {

	@Autowired
	private OffsetSyncStore store;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void groupsWithTheirOffsetsAndFailoverReadiness() throws Exception {
		String link = createLink(Map.of("cluster.link.prefix", "dr.", "consumer.offset.sync.enable", true,
				"consumer.offset.sync.ms", 10000, "consumer.offset.group.filters",
				"{\"groupFilters\":[{\"name\":\"app\",\"patternType\":\"PREFIXED\",\"filterType\":\"INCLUDE\"}]}"));
		UUID id = this.jdbc.queryForObject("select id from links where name = ?", UUID.class, link);
		getJson("/api/v1/links/" + link + "/consumer-groups").andExpect(status().isOk())
			.andExpect(jsonPath("$.link").value(link))
			.andExpect(jsonPath("$.syncEnabled").value(true))
			.andExpect(jsonPath("$.syncIntervalMs").value(10000))
			.andExpect(jsonPath("$.allowBackwards").value(false))
			.andExpect(jsonPath("$.groups.items", hasSize(0)));

		// a round: app-billing written on partition 0, clamped on partition 1 (the source
		// group is ahead of the mirror); app-busy has a member on the destination
		Instant first = Instant.parse("2026-11-22T10:00:00Z");
		this.store.record(id, List.of(
				new GroupPlan("app-billing", null, 0,
						List.of(partition(0, 40, 40L, false, 30L, Action.WRITE, null),
								partition(1, 80, 60L, true, 50L, Action.WRITE, null))),
				new GroupPlan("app-busy", null, 1, List.of(partition(0, 10, 10L, false, 4L, Action.WRITE, null)))
					.skipped("the group is active on the destination (1 member(s), state Stable)")),
				first);

		getJson("/api/v1/links/" + link + "/consumer-groups").andExpect(status().isOk())
			.andExpect(jsonPath("$.groups.items", hasSize(2)))
			.andExpect(jsonPath("$.groups.items[0].group").value("app-billing"))
			.andExpect(jsonPath("$.groups.items[0].failoverReady").value(false))
			.andExpect(jsonPath("$.groups.items[0].skipReason").value(nullValue()))
			.andExpect(jsonPath("$.groups.items[0].lastSyncAt").value("2026-11-22T10:00:00Z"))
			.andExpect(jsonPath("$.groups.items[0].partitions", hasSize(2)))
			.andExpect(jsonPath("$.groups.items[0].partitions[0].sourceTopic").value("orders"))
			.andExpect(jsonPath("$.groups.items[0].partitions[0].mirrorTopic").value("dr.orders"))
			.andExpect(jsonPath("$.groups.items[0].partitions[0].offsetMode").value("TRANSLATED"))
			.andExpect(jsonPath("$.groups.items[0].partitions[0].sourceOffset").value(40))
			.andExpect(jsonPath("$.groups.items[0].partitions[0].translatedOffset").value(40))
			.andExpect(jsonPath("$.groups.items[0].partitions[0].destinationOffset").value(40))
			.andExpect(jsonPath("$.groups.items[0].partitions[0].trailingBy").value(0))
			.andExpect(jsonPath("$.groups.items[0].partitions[0].failoverReady").value(true))
			.andExpect(jsonPath("$.groups.items[0].partitions[0].lastWrittenOffset").value(40))
			.andExpect(jsonPath("$.groups.items[0].partitions[1].clampedToMirrored").value(true))
			.andExpect(jsonPath("$.groups.items[0].partitions[1].failoverReady").value(false))
			.andExpect(jsonPath("$.groups.items[1].group").value("app-busy"))
			.andExpect(jsonPath("$.groups.items[1].failoverReady").value(false))
			.andExpect(jsonPath("$.groups.items[1].destinationMembers").value(1))
			.andExpect(jsonPath("$.groups.items[1].skipReason", containsString("active on the destination")))
			.andExpect(jsonPath("$.groups.items[1].lastSyncAt").value(nullValue()))
			.andExpect(jsonPath("$.groups.items[1].partitions[0].sourceOffset").value(10))
			.andExpect(jsonPath("$.groups.items[1].partitions[0].destinationOffset").value(4))
			.andExpect(jsonPath("$.groups.items[1].partitions[0].trailingBy").value(6))
			.andExpect(jsonPath("$.groups.items[1].partitions[0].lastWrittenOffset").value(nullValue()));
		// paged in the query: the second page of one holds the second group, with its
		// partitions only
		getJson("/api/v1/links/" + link + "/consumer-groups?page=1&size=1").andExpect(status().isOk())
			.andExpect(jsonPath("$.groups.items", hasSize(1)))
			.andExpect(jsonPath("$.groups.items[0].group").value("app-busy"))
			.andExpect(jsonPath("$.groups.items[0].partitions", hasSize(1)))
			.andExpect(jsonPath("$.groups.page").value(1))
			.andExpect(jsonPath("$.groups.size").value(1))
			.andExpect(jsonPath("$.groups.totalItems").value(2))
			.andExpect(jsonPath("$.groups.totalPages").value(2));
		expectProblem(getJson("/api/v1/links/" + link + "/consumer-groups?size=0"), 400, "validation-failed", "size");

		// the next round: the source group moved on and the mirror caught up; the
		// destination trails by 3 until the round after
		Instant second = first.plusSeconds(10);
		this.store.record(id,
				List.of(new GroupPlan("app-billing", null, 0,
						List.of(partition(0, 43, 43L, false, 40L, Action.HOLD,
								"the destination group is at 40, past ..."),
								partition(1, 80, 80L, false, 60L, Action.WRITE, null)))),
				second);
		getJson("/api/v1/links/" + link + "/consumer-groups/app-billing").andExpect(status().isOk())
			.andExpect(jsonPath("$.link").value(link))
			.andExpect(jsonPath("$.group").value("app-billing"))
			.andExpect(jsonPath("$.failoverReady").value(false))
			.andExpect(jsonPath("$.trailingBy").value(3))
			.andExpect(jsonPath("$.lastSyncAt").value("2026-11-22T10:00:00Z"))
			.andExpect(jsonPath("$.lastRoundAt").value("2026-11-22T10:00:10Z"))
			.andExpect(jsonPath("$.partitions[0].skipReason", containsString("past")))
			.andExpect(jsonPath("$.partitions[0].lastSyncAt").value("2026-11-22T10:00:00Z"))
			.andExpect(jsonPath("$.partitions[1].destinationOffset").value(80))
			.andExpect(jsonPath("$.partitions[1].failoverReady").value(true));

		this.store.record(
				id, List.of(
						new GroupPlan("app-billing", null, 0,
								List.of(partition(0, 43, 43L, false, 40L, Action.WRITE, null),
										partition(1, 80, 80L, false, 80L, Action.IN_STEP, null)))),
				second.plusSeconds(10));
		getJson("/api/v1/links/" + link + "/consumer-groups/app-billing").andExpect(status().isOk())
			.andExpect(jsonPath("$.failoverReady").value(true))
			.andExpect(jsonPath("$.trailingBy").value(0))
			.andExpect(jsonPath("$.lastSyncAt").value("2026-11-22T10:00:20Z"));
	}

	@Test
	void unknownLinksAndGroupsAreProblems() throws Exception {
		expectProblem(getJson("/api/v1/links/no-such-link/consumer-groups"), 404, "link-not-found", null);
		expectProblem(getJson("/api/v1/links/no-such-link/consumer-groups/app"), 404, "link-not-found", null);
		String link = createLink(Map.of());
		expectProblem(getJson("/api/v1/links/" + link + "/consumer-groups/never-synced"), 404, "group-not-found", null)
			.andExpect(jsonPath("$.link").value(link))
			.andExpect(jsonPath("$.group").value("never-synced"));
		getJson("/api/v1/links/" + link + "/consumer-groups").andExpect(status().isOk())
			.andExpect(jsonPath("$.syncEnabled").value(false))
			.andExpect(jsonPath("$.syncIntervalMs").value(30000))
			.andExpect(jsonPath("$.groups.items", hasSize(0)));
	}

	private static PartitionPlan partition(int partition, long source, Long translated, boolean clamped,
			Long destination, Action action, String reason) {
		return new PartitionPlan("orders", partition, "dr.orders", "TRANSLATED", source, "", translated, clamped,
				destination, action, reason);
	}

}
