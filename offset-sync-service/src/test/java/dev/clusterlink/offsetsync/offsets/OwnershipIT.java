package dev.clusterlink.offsetsync.offsets;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.clusterlink.command.Ownership;
import dev.clusterlink.offsetsync.OffsetSyncIT;
import dev.clusterlink.offsetsync.OffsetSyncInstance;
import dev.clusterlink.offsetsync.support.Kafka;
import dev.clusterlink.offsetsync.support.MirrorFixture;
import dev.clusterlink.runtime.task.LinkTaskLoop;
import dev.clusterlink.testsupport.ServiceInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Links are owned through the command-topic group (DESIGN.md §3): two replicas split
 * them, and a stopped replica's links move to the other one.
 */
class OwnershipIT extends OffsetSyncIT {

	@Test
	void replicasSplitTheLinksAndAStoppedReplicasLinksMove() {
		OffsetSyncInstance.stopShared();
		// one link on each command partition, so that both replicas own some
		List<Link> links = new ArrayList<>();
		List<MirrorFixture> mirrors = new ArrayList<>();
		Set<Integer> partitions = new HashSet<>();
		String groups = unique("own");
		while (links.size() < OffsetSyncInstance.COMMAND_PARTITIONS) {
			String name = unique("link");
			if (partitions
				.add(Ownership.partitionFor(Ownership.linkKey(name), OffsetSyncInstance.COMMAND_PARTITIONS))) {
				Link link = createLink(name, syncing(groups));
				MirrorFixture mirror = mirror(link, unique("orders"), 1);
				Kafka.produce(Kafka.source(), mirror.sourceTopic(), 0, 30);
				mirror.copyAll(0);
				links.add(link);
				mirrors.add(mirror);
			}
		}
		List<String> names = links.stream().map(Link::name).toList();
		String group = groups + "-app";

		try (ServiceInstance a = OffsetSyncInstance.start("replica-a");
				ServiceInstance b = OffsetSyncInstance.start("replica-b")) {
			eventually().untilAsserted(() -> {
				Set<String> ownedByA = owned(a, names);
				Set<String> ownedByB = owned(b, names);
				assertThat(ownedByA).isNotEmpty();
				assertThat(ownedByB).isNotEmpty();
				assertThat(java.util.Collections.disjoint(ownedByA, ownedByB)).as("%s and %s", ownedByA, ownedByB)
					.isTrue();
				Set<String> all = new HashSet<>(ownedByA);
				all.addAll(ownedByB);
				assertThat(all).containsExactlyInAnyOrderElementsOf(names);
			});
			for (MirrorFixture mirror : mirrors) {
				Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 10L), "");
			}
			eventually().untilAsserted(() -> {
				for (MirrorFixture mirror : mirrors) {
					assertThat(Kafka.committed(Kafka.destination(), group, mirror.destination(0))).isEqualTo(10);
				}
			});

			Set<String> fromA = owned(a, names);
			a.close();
			eventually().untilAsserted(() -> assertThat(owned(b, names)).containsExactlyInAnyOrderElementsOf(names));
			for (MirrorFixture mirror : mirrors) {
				Kafka.commit(Kafka.source(), group, Map.of(mirror.source(0), 25L), "");
			}
			eventually().untilAsserted(() -> {
				for (int i = 0; i < links.size(); i++) {
					assertThat(Kafka.committed(Kafka.destination(), group, mirrors.get(i).destination(0)))
						.as("%s (was %s)", names.get(i), fromA.contains(names.get(i)) ? "replica-a's" : "replica-b's")
						.isEqualTo(25);
				}
			});
		}
	}

	private static Set<String> owned(ServiceInstance instance, List<String> names) {
		Set<String> owned = new HashSet<>(instance.context().getBean(LinkTaskLoop.class).ownedLinks());
		owned.retainAll(names);
		return owned;
	}

}
