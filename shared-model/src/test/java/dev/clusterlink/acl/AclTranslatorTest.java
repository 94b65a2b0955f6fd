package dev.clusterlink.acl;

import java.util.List;
import java.util.Map;

import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.filter.AclFilter;
import dev.clusterlink.filter.AclFilters;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.ALTER;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.IDEMPOTENT_WRITE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.acl.AclPermissionType.DENY;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.CLUSTER;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** MirrorMaker 2's ACL rules (read-replica), the full mode, and the prefix mapping. */
class AclTranslatorTest {

	private static final AclFilters EVERYTHING = new AclFilters(List.of(AclFilter.ANY));

	@Test
	void readReplicaCopiesLiteralAndPrefixedTopicAclsUnderThePrefix() {
		AclTranslation translation = readReplica("dr.", false, acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW),
				acl(TOPIC, "pay.", PREFIXED, "User:alice", DESCRIBE, ALLOW),
				acl(TOPIC, "orders", LITERAL, "User:alice", DESCRIBE_CONFIGS, ALLOW));
		assertThat(translation.bindings()).containsExactlyInAnyOrder(
				acl(TOPIC, "dr.orders", LITERAL, "User:alice", READ, ALLOW),
				acl(TOPIC, "dr.pay.", PREFIXED, "User:alice", DESCRIBE, ALLOW),
				acl(TOPIC, "dr.orders", LITERAL, "User:alice", DESCRIBE_CONFIGS, ALLOW));
		assertThat(translation.skipped()).isEmpty();
		assertThat(translation.desired()).allSatisfy((acl) -> assertThat(acl.rule()).isEqualTo("copied"));
	}

	@Test
	void readReplicaDropsWriteAndEveryOtherAllowThatChangesATopic() {
		AclTranslation translation = readReplica("", false, acl(TOPIC, "orders", LITERAL, "User:bob", WRITE, ALLOW),
				acl(TOPIC, "orders", LITERAL, "User:bob", DELETE, ALLOW),
				acl(TOPIC, "orders", LITERAL, "User:bob", ALTER, ALLOW));
		assertThat(translation.desired()).isEmpty();
		assertThat(translation.skipped()).hasSize(3)
			.allSatisfy((skipped) -> assertThat(skipped.reason()).contains("read-only"));
	}

	@Test
	void readReplicaTurnsAllowAllIntoReadAndDescribe() {
		AclBinding all = acl(TOPIC, "pay.", PREFIXED, "User:carol", ALL, ALLOW);
		AclTranslation translation = readReplica("dr.", false, all);
		assertThat(translation.bindings()).containsExactlyInAnyOrder(
				acl(TOPIC, "dr.pay.", PREFIXED, "User:carol", READ, ALLOW),
				acl(TOPIC, "dr.pay.", PREFIXED, "User:carol", DESCRIBE, ALLOW));
		assertThat(translation.desired()).allSatisfy((acl) -> {
			assertThat(acl.source()).isEqualTo(all);
			assertThat(acl.rule()).startsWith("ALLOW ALL narrowed to");
		});
	}

	@Test
	void readReplicaKeepsDenyWhateverTheOperation() {
		AclTranslation translation = readReplica("dr.", false,
				acl(TOPIC, "orders", LITERAL, "User:mallory", READ, DENY),
				acl(TOPIC, "orders", LITERAL, "User:mallory", WRITE, DENY),
				acl(TOPIC, "orders", LITERAL, "User:mallory", ALL, DENY));
		assertThat(translation.bindings()).containsExactlyInAnyOrder(
				acl(TOPIC, "dr.orders", LITERAL, "User:mallory", READ, DENY),
				acl(TOPIC, "dr.orders", LITERAL, "User:mallory", WRITE, DENY),
				acl(TOPIC, "dr.orders", LITERAL, "User:mallory", ALL, DENY));
	}

	@Test
	void readReplicaCopiesGroupReadOnlyWhenAsked() {
		AclBinding groupRead = acl(GROUP, "billing", LITERAL, "User:alice", READ, ALLOW);
		AclBinding groupDescribe = acl(GROUP, "billing", LITERAL, "User:alice", DESCRIBE, ALLOW);
		assertThat(readReplica("dr.", false, groupRead, groupDescribe).desired()).isEmpty();
		AclTranslation withGroups = readReplica("dr.", true, groupRead, groupDescribe);
		assertThat(withGroups.bindings()).containsExactly(acl(GROUP, "billing", LITERAL, "User:alice", READ, ALLOW));
		assertThat(withGroups.skipped()).extracting(SkippedAcl::source).containsExactly(groupDescribe);
	}

	@Test
	void readReplicaSkipsClusterAndTransactionalIdAcls() {
		AclTranslation translation = readReplica("dr.", true,
				acl(CLUSTER, "kafka-cluster", LITERAL, "User:bob", IDEMPOTENT_WRITE, ALLOW),
				acl(TRANSACTIONAL_ID, "tx-", PREFIXED, "User:bob", WRITE, ALLOW));
		assertThat(translation.desired()).isEmpty();
		assertThat(translation.skipped()).extracting(SkippedAcl::reason)
			.allSatisfy((reason) -> assertThat(reason).contains("acl.sync.mode=full"));
	}

	@Test
	void theWildcardIsLimitedToTheLinkPrefixAndSkippedWithoutOne() {
		AclBinding everyTopic = acl(TOPIC, "*", LITERAL, "User:alice", READ, ALLOW);
		assertThat(readReplica("dr.", false, everyTopic).bindings())
			.containsExactly(acl(TOPIC, "dr.", PREFIXED, "User:alice", READ, ALLOW));
		AclTranslation noPrefix = readReplica("", false, everyTopic);
		assertThat(noPrefix.desired()).isEmpty();
		assertThat(noPrefix.skipped()).singleElement()
			.satisfies((skipped) -> assertThat(skipped.reason()).contains("cluster.link.prefix"));
		assertThat(AclTranslator.translate(List.of(everyTopic), EVERYTHING, AclSyncMode.FULL, false, "").bindings())
			.containsExactly(everyTopic);
	}

	@Test
	void fullCopiesEverythingTheFiltersSelectWithTopicsUnderThePrefix() {
		List<AclBinding> source = List.of(acl(TOPIC, "orders", LITERAL, "User:bob", WRITE, ALLOW),
				acl(TOPIC, "pay.", PREFIXED, "User:carol", ALL, ALLOW),
				acl(GROUP, "billing", LITERAL, "User:alice", DESCRIBE, ALLOW),
				acl(CLUSTER, "kafka-cluster", LITERAL, "User:bob", IDEMPOTENT_WRITE, ALLOW),
				acl(TRANSACTIONAL_ID, "tx-", PREFIXED, "User:bob", WRITE, ALLOW));
		AclTranslation translation = AclTranslator.translate(source, EVERYTHING, AclSyncMode.FULL, false, "dr.");
		assertThat(translation.bindings()).containsExactlyInAnyOrder(
				acl(TOPIC, "dr.orders", LITERAL, "User:bob", WRITE, ALLOW),
				acl(TOPIC, "dr.pay.", PREFIXED, "User:carol", ALL, ALLOW),
				acl(GROUP, "billing", LITERAL, "User:alice", DESCRIBE, ALLOW),
				acl(CLUSTER, "kafka-cluster", LITERAL, "User:bob", IDEMPOTENT_WRITE, ALLOW),
				acl(TRANSACTIONAL_ID, "tx-", PREFIXED, "User:bob", WRITE, ALLOW));
		assertThat(translation.skipped()).isEmpty();
	}

	@Test
	void onlyAclsTheFiltersSelectAreConsidered() {
		AclFilters aliceOnly = new AclFilters(List.of(new AclFilter(ResourceType.ANY, null, PatternType.ANY,
				"User:alice", null, AclOperation.ANY, AclPermissionType.ANY)));
		AclTranslation translation = AclTranslator.translate(
				List.of(acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW),
						acl(TOPIC, "orders", LITERAL, "User:bob", READ, ALLOW)),
				aliceOnly, AclSyncMode.READ_REPLICA, false, "");
		assertThat(translation.bindings()).containsExactly(acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW));
		assertThat(AclTranslator
			.translate(List.of(acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW)), AclFilters.NONE,
					AclSyncMode.FULL, false, "")
			.desired()).isEmpty();
	}

	@Test
	void twoSourceAclsThatMapToOneDestinationAclGiveOneDesiredAcl() {
		AclTranslation translation = readReplica("", false, acl(TOPIC, "orders", LITERAL, "User:alice", ALL, ALLOW),
				acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW));
		assertThat(translation.desired()).hasSize(2);
		assertThat(translation.bindings()).containsExactlyInAnyOrder(
				acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW),
				acl(TOPIC, "orders", LITERAL, "User:alice", DESCRIBE, ALLOW));
	}

	@Test
	void theLinkConfigsChooseTheRules() {
		String filters = "{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"any\",\"patternType\":\"any\"},"
				+ "\"accessFilter\":{\"operation\":\"any\",\"permissionType\":\"any\"}}]}";
		AclBinding write = acl(TOPIC, "orders", LITERAL, "User:bob", WRITE, ALLOW);
		LinkConfig readReplica = LinkConfig
			.of(Map.of("cluster.link.prefix", "dr.", "acl.sync.enable", "true", "acl.filters", filters));
		LinkConfig full = LinkConfig.of(Map.of("cluster.link.prefix", "dr.", "acl.sync.enable", "true", "acl.filters",
				filters, "acl.sync.mode", "full"));
		assertThat(AclTranslator.translate(List.of(write), readReplica).desired()).isEmpty();
		assertThat(AclTranslator.translate(List.of(write), full).bindings())
			.containsExactly(acl(TOPIC, "dr.orders", LITERAL, "User:bob", WRITE, ALLOW));
		assertThat(AclSyncMode.of(full).configValue()).isEqualTo("full");
		assertThat(AclSyncMode.of(readReplica).configValue()).isEqualTo("read-replica");
	}

	private static AclTranslation readReplica(String prefix, boolean includeGroups, AclBinding... source) {
		return AclTranslator.translate(List.of(source), EVERYTHING, AclSyncMode.READ_REPLICA, includeGroups, prefix);
	}

	static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal, AclOperation operation,
			AclPermissionType permission) {
		return AclBindings.of(type, name, pattern, principal, "*", operation, permission);
	}

}
