package dev.clusterlink.aclsync.acl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.clusterlink.acl.AclBindings;
import dev.clusterlink.acl.OwnedAcl;
import dev.clusterlink.aclsync.AclSyncIT;
import dev.clusterlink.aclsync.AclSyncInstance;
import dev.clusterlink.runtime.acl.AclLedger;
import dev.clusterlink.runtime.acl.AuthorizerKafka;
import dev.clusterlink.testsupport.ServiceInstance;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;

import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service stopped in the middle of its work and started again: no ACL twice, no audit
 * row twice, nothing deleted that should stay, and the state an interrupted round left
 * behind (a pending ledger row) settled.
 */
class AclSyncRestartIT extends AclSyncIT {

	@Test
	void aRestartMidRunNeitherDuplicatesNorDeletesByMistake() {
		AclSyncInstance.stopShared();
		String frank = principal("frank");
		Map<String, String> configs = Map.of("cluster.link.prefix", "dr.", "acl.sync.enable", "true", "acl.sync.ms",
				"1000", "acl.sync.delete.enable", "true", "acl.filters", filtersFor(frank));
		List<AclBinding> sourceAcls = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			sourceAcls.add(acl(TOPIC, "topic-" + i, LITERAL, frank, READ, ALLOW));
		}
		Link link = createLink(configs);
		mirror(link, "dr.",
				java.util.stream.IntStream.range(0, 100).mapToObj((i) -> "topic-" + i).toArray(String[]::new));

		// first run: stopped while the source still changes and rounds are running
		List<AclBinding> removed = sourceAcls.subList(0, 5);
		try (ServiceInstance first = AclSyncInstance.start("first")) {
			for (AclBinding acl : sourceAcls.subList(0, 30)) {
				AuthorizerKafka.create(source, List.of(acl));
			}
			await().atMost(WAIT).until(() -> bindings(ledger(link)).containsAll(mirrored(removed)));
			AuthorizerKafka.create(source, sourceAcls.subList(30, 40));
		}
		assertThat(ledger(link)).as("created before the restart").isNotEmpty();

		// while it is down: the source loses five ACLs the link created, an operator adds
		// two
		// by hand (one identical to an ACL the link has not created yet), and the state
		// of a
		// round cut short between createAcls and its confirmation is left behind
		AuthorizerKafka.delete(source, removed);
		AclBinding handMade = acl(TOPIC, "dr.topic-99", LITERAL, frank, DESCRIBE, ALLOW);
		AclBinding extra = acl(TOPIC, "topic-40", LITERAL, frank, READ, ALLOW);
		AclBinding handMadeIdentical = mirrored(extra);
		AuthorizerKafka.create(destination, List.of(handMade, handMadeIdentical));
		AuthorizerKafka.create(source, List.of(extra));
		AclBinding createdNotConfirmed = acl(TOPIC, "dr.topic-50", LITERAL, frank, READ, ALLOW);
		AclBinding neverCreated = acl(TOPIC, "dr.topic-51", LITERAL, frank, READ, ALLOW);
		AuthorizerKafka.create(source, List.of(acl(TOPIC, "topic-50", LITERAL, frank, READ, ALLOW)));
		AuthorizerKafka.create(destination, List.of(createdNotConfirmed));
		pending(link, createdNotConfirmed, neverCreated);

		Set<AclBinding> expected = new HashSet<>();
		sourceAcls.subList(5, 40).forEach((acl) -> expected.add(mirrored(acl)));
		expected.add(handMadeIdentical);
		expected.add(createdNotConfirmed);
		try (ServiceInstance second = AclSyncInstance.start("second")) {
			await().atMost(WAIT).untilAsserted(() -> {
				Set<AclBinding> owned = bindings(ledger(link));
				assertThat(owned).doesNotContain(neverCreated, handMade, handMadeIdentical);
				// exactly: the deletions are recorded too (their audit rows commit with
				// the ledger)
				assertThat(owned).containsExactlyInAnyOrderElementsOf(
						expected.stream().filter((acl) -> !acl.equals(handMadeIdentical)).toList());
				assertThat(ledger(link)).allSatisfy((acl) -> assertThat(acl.state()).isEqualTo(OwnedAcl.State.CREATED));
			});
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(destinationAcls(frank))
					.containsExactlyInAnyOrder(concat(expected, handMade).toArray(AclBinding[]::new)));
			assertThat(destinationAcls(frank)).doesNotHaveDuplicates();

			// every ACL the link ever created was audited as added exactly once, and only
			// the five that vanished at the source were deleted
			List<AuditRow> audit = audit(link);
			List<AclBinding> added = audited(audit, AclLedger.ACTION_ADDED);
			assertThat(added).doesNotHaveDuplicates();
			assertThat(new HashSet<>(added)).isEqualTo(union(bindings(ledger(link)), mirrored(removed)));
			assertThat(audited(audit, AclLedger.ACTION_DELETED)).containsExactlyInAnyOrderElementsOf(mirrored(removed));

			// the hand-made ACL identical to a synced one is not the link's: when the
			// source
			// drops its counterpart, it stays
			AuthorizerKafka.delete(source, List.of(extra));
			double rounds = rounds(second, link);
			await().atMost(WAIT).until(() -> rounds(second, link) >= rounds + 3);
			assertThat(destinationAcls(frank)).contains(handMadeIdentical, handMade);
			assertThat(audited(audit(link), AclLedger.ACTION_DELETED))
				.containsExactlyInAnyOrderElementsOf(mirrored(removed));
		}
	}

	private static AclBinding mirrored(AclBinding source) {
		return AclBindings.withPattern(source, "dr." + source.pattern().name(), source.pattern().patternType());
	}

	private static List<AclBinding> mirrored(List<AclBinding> source) {
		return source.stream().map(AclSyncRestartIT::mirrored).toList();
	}

	private static Set<AclBinding> union(Set<AclBinding> a, List<AclBinding> b) {
		Set<AclBinding> union = new HashSet<>(a);
		union.addAll(b);
		return union;
	}

	private static List<AclBinding> concat(Set<AclBinding> a, AclBinding b) {
		List<AclBinding> all = new ArrayList<>(a);
		all.add(b);
		return all;
	}

	/** What a round that stopped right after {@code createAcls} leaves in the ledger. */
	private static void pending(Link link, AclBinding... bindings) {
		for (AclBinding binding : bindings) {
			update("insert into acl_sync_bindings (link_id, resource_type, resource_name, pattern_type, principal, "
					+ "host, operation, permission_type, state, rule, source_binding) "
					+ "values (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 'copied', 'test')", link.id(),
					binding.pattern().resourceType().name(), binding.pattern().name(),
					binding.pattern().patternType().name(), binding.entry().principal(), binding.entry().host(),
					binding.entry().operation().name(), binding.entry().permissionType().name());
		}
	}

	private static double rounds(ServiceInstance instance, Link link) {
		return instance.count("clusterlink.aclsync.rounds", link.name());
	}

}
