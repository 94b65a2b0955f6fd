package dev.clusterlink.acl;

import java.time.Instant;
import java.util.List;

import dev.clusterlink.filter.AclFilter;
import dev.clusterlink.filter.AclFilters;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;

import static dev.clusterlink.acl.AclTranslatorTest.acl;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

/** The diff of a round: only owned ACLs are deleted, and only when asked. */
class AclDiffTest {

	private static final AclBinding ALICE = acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW);

	private static final AclBinding BOB = acl(TOPIC, "orders", LITERAL, "User:bob", READ, ALLOW);

	private static final AclBinding HAND_MADE = acl(TOPIC, "orders", LITERAL, "User:ops", WRITE, ALLOW);

	@Test
	void createsWhatIsMissingAndNothingThatExists() {
		AclDiff diff = AclDiff.between(desired(ALICE, BOB), List.of(BOB, HAND_MADE), List.of(), false);
		assertThat(diff.createBindings()).containsExactly(ALICE);
		assertThat(diff.unchanged()).isEqualTo(1);
		assertThat(diff.toDelete()).isEmpty();
		assertThat(diff.isEmpty()).isFalse();
	}

	@Test
	void aDesiredAclThatExistsByHandIsNeitherCreatedNorClaimed() {
		AclDiff diff = AclDiff.between(desired(HAND_MADE), List.of(HAND_MADE), List.of(), true);
		assertThat(diff.isEmpty()).isTrue();
		// the source drops it later: it is not the link's, so it stays even with deletion
		// on
		AclDiff later = AclDiff.between(desired(), List.of(HAND_MADE), List.of(), true);
		assertThat(later.toDelete()).isEmpty();
		assertThat(later.isEmpty()).isTrue();
	}

	@Test
	void deletesOnlyOwnedAclsThatVanishedAtTheSourceAndOnlyWhenEnabled() {
		List<OwnedAcl> owned = List.of(owned(ALICE, OwnedAcl.State.CREATED), owned(BOB, OwnedAcl.State.CREATED));
		List<AclBinding> destination = List.of(ALICE, BOB, HAND_MADE);

		AclDiff keep = AclDiff.between(desired(ALICE), destination, owned, false);
		assertThat(keep.toDelete()).isEmpty();
		assertThat(keep.staleKept()).containsExactly(BOB);
		assertThat(keep.isEmpty()).isTrue();

		AclDiff delete = AclDiff.between(desired(ALICE), destination, owned, true);
		assertThat(delete.toDelete()).containsExactly(BOB);
		assertThat(delete.staleKept()).isEmpty();
	}

	@Test
	void pendingRowsOfAnInterruptedRoundAreConfirmedOrForgotten() {
		List<OwnedAcl> owned = List.of(owned(ALICE, OwnedAcl.State.PENDING), owned(BOB, OwnedAcl.State.PENDING));
		// ALICE was created before the interruption; BOB never was and is no longer
		// wanted
		AclDiff diff = AclDiff.between(desired(ALICE), List.of(ALICE), owned, true);
		assertThat(diff.toConfirm()).containsExactly(ALICE);
		assertThat(diff.toForget()).containsExactly(BOB);
		assertThat(diff.toCreate()).isEmpty();
		assertThat(diff.toDelete()).isEmpty();
	}

	@Test
	void anOwnedAclRemovedByHandIsCreatedAgainWhileTheSourceHasIt() {
		AclDiff diff = AclDiff.between(desired(ALICE), List.of(), List.of(owned(ALICE, OwnedAcl.State.CREATED)), true);
		assertThat(diff.createBindings()).containsExactly(ALICE);
		assertThat(diff.toForget()).isEmpty();
	}

	@Test
	void thePlanCombinesTranslationAndDiff() {
		AclPlan plan = AclPlan.of(
				dev.clusterlink.config.LinkConfig.of(java.util.Map.of("acl.sync.enable", "true", "acl.filters",
						"{\"aclFilters\":[{}]}", "acl.sync.delete.enable", "true", "cluster.link.prefix", "dr.")),
				List.of(ALICE), List.of(), List.of(), java.util.Map.of("orders", "dr.orders"));
		assertThat(plan.mode()).isEqualTo(AclSyncMode.READ_REPLICA);
		assertThat(plan.diff().createBindings())
			.containsExactly(acl(TOPIC, "dr.orders", LITERAL, "User:alice", READ, ALLOW));
	}

	@Test
	void theChangeDigestFollowsTheChangesAndTheLink() {
		java.util.UUID link = java.util.UUID.randomUUID();
		dev.clusterlink.config.LinkConfig config = dev.clusterlink.config.LinkConfig.of(java.util.Map
			.of("acl.sync.enable", "true", "acl.filters", "{\"aclFilters\":[{}]}", "acl.sync.mode", "full"));
		AclPlan one = AclPlan.of(config, List.of(ALICE), List.of(), List.of(), java.util.Map.of());
		AclPlan same = AclPlan.of(config, List.of(ALICE), List.of(), List.of(), java.util.Map.of());
		AclPlan more = AclPlan.of(config, List.of(ALICE, BOB), List.of(), List.of(), java.util.Map.of());
		assertThat(one.changeDigest(link)).isEqualTo(same.changeDigest(link)).hasSize(64);
		assertThat(one.changeDigest(link)).isNotEqualTo(more.changeDigest(link))
			.isNotEqualTo(one.changeDigest(java.util.UUID.randomUUID()));
	}

	private static AclTranslation desired(AclBinding... bindings) {
		return AclTranslator.translate(List.of(bindings), new AclFilters(List.of(AclFilter.ANY)), AclSyncMode.FULL,
				false, "", java.util.Map.of());
	}

	private static OwnedAcl owned(AclBinding binding, OwnedAcl.State state) {
		return new OwnedAcl(binding, state, "copied", AclBindings.describe(binding), Instant.EPOCH, null);
	}

}
