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
import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
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

/**
 * Read-replica cannot grant more than the source does, and only on what the link mirrors;
 * the full mode, and the prefix mapping.
 */
class AclTranslatorTest {

	private static final AclFilters EVERYTHING = new AclFilters(List.of(AclFilter.ANY));

	/** The link mirrors orders (as dr.orders) and pay.cards (under another name). */
	private static final Map<String, String> MIRRORED = Map.of("orders", "dr.orders", "pay.cards", "cards-replica");

	@Test
	void readReplicaCopiesLiteralAllowReadAndDescribeOntoTheMirrorTopics() {
		AclTranslation translation = readReplica(false, acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW),
				acl(TOPIC, "orders", LITERAL, "User:alice", DESCRIBE, ALLOW),
				acl(TOPIC, "pay.cards", LITERAL, "User:bob", READ, ALLOW));
		assertThat(translation.bindings()).containsExactlyInAnyOrder(
				acl(TOPIC, "dr.orders", LITERAL, "User:alice", READ, ALLOW),
				acl(TOPIC, "dr.orders", LITERAL, "User:alice", DESCRIBE, ALLOW),
				acl(TOPIC, "cards-replica", LITERAL, "User:bob", READ, ALLOW));
		assertThat(translation.skipped()).isEmpty();
		assertThat(translation.desired()).allSatisfy((acl) -> assertThat(acl.rule()).isEqualTo("copied"));
	}

	@Test
	void readReplicaNeverCopiesDeny() {
		AclTranslation translation = readReplica(false, acl(TOPIC, "orders", LITERAL, "User:mallory", READ, DENY),
				acl(TOPIC, "orders", LITERAL, "User:mallory", WRITE, DENY),
				acl(TOPIC, "orders", LITERAL, "User:mallory", ALL, DENY));
		assertThat(translation.desired()).isEmpty();
		assertThat(translation.skipped()).hasSize(3)
			.allSatisfy((skipped) -> assertThat(skipped.reason()).startsWith("DENY is not copied"));
	}

	@Test
	void readReplicaNeverCopiesPrefixedOrWildcardPatterns() {
		AclTranslation translation = readReplica(false, acl(TOPIC, "pay.", PREFIXED, "User:alice", READ, ALLOW),
				acl(TOPIC, "orders", PREFIXED, "User:alice", DESCRIBE, ALLOW),
				acl(TOPIC, "*", LITERAL, "User:alice", READ, ALLOW));
		assertThat(translation.desired()).isEmpty();
		assertThat(translation.skipped()).extracting(SkippedAcl::reason)
			.anySatisfy((reason) -> assertThat(reason).startsWith("PREFIXED patterns are not copied"))
			.anySatisfy((reason) -> assertThat(reason).startsWith("the wildcard '*' is not copied"))
			.hasSize(3);
	}

	@Test
	void readReplicaNeverCopiesWriteAllOrAnyOtherOperation() {
		AclTranslation translation = readReplica(true, acl(TOPIC, "orders", LITERAL, "User:bob", WRITE, ALLOW),
				acl(TOPIC, "orders", LITERAL, "User:bob", ALL, ALLOW),
				acl(TOPIC, "orders", LITERAL, "User:bob", DESCRIBE_CONFIGS, ALLOW),
				acl(TOPIC, "orders", LITERAL, "User:bob", DELETE, ALLOW),
				acl(TOPIC, "orders", LITERAL, "User:bob", ALTER, ALLOW),
				acl(TOPIC, "orders", LITERAL, "User:bob", ALTER_CONFIGS, ALLOW),
				acl(TOPIC, "orders", LITERAL, "User:bob", CREATE, ALLOW));
		assertThat(translation.desired()).isEmpty();
		assertThat(translation.skipped()).hasSize(7)
			.allSatisfy((skipped) -> assertThat(skipped.reason()).contains("only READ and DESCRIBE are copied"));
	}

	@Test
	void readReplicaNeverCopiesOntoATopicTheLinkDoesNotMirror() {
		AclTranslation translation = readReplica(false, acl(TOPIC, "payroll", LITERAL, "User:alice", READ, ALLOW),
				acl(TOPIC, "dr.orders", LITERAL, "User:alice", READ, ALLOW));
		assertThat(translation.desired()).isEmpty();
		assertThat(translation.skipped()).extracting(SkippedAcl::reason)
			.containsExactlyInAnyOrder("topic 'dr.orders' is not mirrored by this link",
					"topic 'payroll' is not mirrored by this link");
		assertThat(AclTranslator
			.translate(List.of(acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW)), EVERYTHING,
					AclSyncMode.READ_REPLICA, false, "dr.", Map.of())
			.desired()).as("a link without mirrors copies no topic ACL").isEmpty();
	}

	@Test
	void readReplicaSkipsAnAllowASourceDenyCouldShadow() {
		AclBinding aliceReads = acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW);
		AclBinding aliceDescribes = acl(TOPIC, "orders", LITERAL, "User:alice", DESCRIBE, ALLOW);
		// each of these DENYs takes READ on orders away from alice on the source
		List<AclBinding> shadows = List.of(acl(TOPIC, "orders", LITERAL, "User:alice", READ, DENY),
				acl(TOPIC, "orders", LITERAL, "User:alice", ALL, DENY),
				acl(TOPIC, "orders", LITERAL, "User:*", READ, DENY),
				acl(TOPIC, "ord", PREFIXED, "User:alice", READ, DENY),
				acl(TOPIC, "*", LITERAL, "User:alice", READ, DENY),
				AclBindings.of(TOPIC, "orders", LITERAL, "User:alice", "10.0.0.9", READ, DENY),
				// READ implies DESCRIBE: a DENY DESCRIBE would be lost by copying READ
				acl(TOPIC, "orders", LITERAL, "User:alice", DESCRIBE, DENY));
		for (AclBinding deny : shadows) {
			AclTranslation translation = readReplica(false, aliceReads, deny);
			assertThat(translation.desired()).as("shadowed by %s", deny).isEmpty();
			assertThat(translation.skipped()).as("shadowed by %s", deny)
				.filteredOn((skipped) -> skipped.source().equals(aliceReads))
				.singleElement()
				.satisfies((skipped) -> assertThat(skipped.reason()).contains("a source DENY could apply")
					.contains(AclBindings.describe(deny)));
		}
		// a DENY READ does not take DESCRIBE away: DESCRIBE is copied, READ is not
		AclTranslation translation = readReplica(false, aliceReads, aliceDescribes,
				acl(TOPIC, "orders", LITERAL, "User:alice", READ, DENY));
		assertThat(translation.bindings())
			.containsExactly(acl(TOPIC, "dr.orders", LITERAL, "User:alice", DESCRIBE, ALLOW));
		// DENYs of another principal, another topic or another operation do not shadow
		assertThat(readReplica(false, aliceReads, acl(TOPIC, "orders", LITERAL, "User:bob", READ, DENY),
				acl(TOPIC, "payments", LITERAL, "User:alice", READ, DENY),
				acl(TOPIC, "orders", LITERAL, "User:alice", WRITE, DENY),
				acl(TOPIC, "pay", PREFIXED, "User:alice", READ, DENY),
				acl(GROUP, "orders", LITERAL, "User:alice", READ, DENY))
			.bindings()).containsExactly(acl(TOPIC, "dr.orders", LITERAL, "User:alice", READ, ALLOW));
		// an ALLOW for everyone is shadowed by a DENY for anyone
		assertThat(readReplica(false, acl(TOPIC, "orders", LITERAL, "User:*", READ, ALLOW),
				acl(TOPIC, "orders", LITERAL, "User:bob", READ, DENY))
			.desired()).isEmpty();
	}

	@Test
	void theDenysThatShadowNeedNotBeSelectedByTheFilters() {
		AclFilters aliceAllows = new AclFilters(List.of(new AclFilter(ResourceType.ANY, null, PatternType.ANY,
				"User:alice", null, AclOperation.ANY, AclPermissionType.ALLOW)));
		AclBinding aliceReads = acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW);
		AclBinding everyoneDenied = acl(TOPIC, "orders", LITERAL, "User:*", READ, DENY);
		AclTranslation translation = AclTranslator.translate(List.of(aliceReads, everyoneDenied), aliceAllows,
				AclSyncMode.READ_REPLICA, false, "dr.", MIRRORED);
		assertThat(translation.desired()).isEmpty();
		assertThat(translation.skipped()).extracting(SkippedAcl::source).containsExactly(aliceReads);
	}

	@Test
	void readReplicaCopiesGroupReadOnlyWhenAsked() {
		AclBinding groupRead = acl(GROUP, "billing", LITERAL, "User:alice", READ, ALLOW);
		AclBinding groupDescribe = acl(GROUP, "billing", LITERAL, "User:alice", DESCRIBE, ALLOW);
		AclBinding groupPrefixed = acl(GROUP, "bill", PREFIXED, "User:alice", READ, ALLOW);
		AclBinding groupDeny = acl(GROUP, "audit", LITERAL, "User:alice", READ, DENY);
		AclBinding groupEveryone = acl(GROUP, "*", LITERAL, "User:alice", READ, ALLOW);
		AclTranslation without = readReplica(false, groupRead, groupDescribe);
		assertThat(without.desired()).isEmpty();
		assertThat(without.skipped()).extracting(SkippedAcl::reason)
			.allSatisfy((reason) -> assertThat(reason).contains("acl.sync.include.groups=true"));
		AclTranslation withGroups = readReplica(true, groupRead, groupDescribe, groupPrefixed, groupDeny,
				groupEveryone);
		assertThat(withGroups.bindings()).containsExactly(acl(GROUP, "billing", LITERAL, "User:alice", READ, ALLOW));
		assertThat(withGroups.skipped()).extracting(SkippedAcl::source)
			.containsExactlyInAnyOrder(groupDescribe, groupPrefixed, groupDeny, groupEveryone);
		// a DENY on the group shadows the group READ too
		assertThat(readReplica(true, groupRead, acl(GROUP, "bill", PREFIXED, "User:alice", ALL, DENY)).desired())
			.isEmpty();
	}

	@Test
	void readReplicaSkipsClusterAndTransactionalIdAcls() {
		AclTranslation translation = readReplica(true,
				acl(CLUSTER, "kafka-cluster", LITERAL, "User:bob", IDEMPOTENT_WRITE, ALLOW),
				acl(TRANSACTIONAL_ID, "tx-1", LITERAL, "User:bob", WRITE, ALLOW));
		assertThat(translation.desired()).isEmpty();
		assertThat(translation.skipped()).extracting(SkippedAcl::reason)
			.allSatisfy((reason) -> assertThat(reason).contains("acl.sync.mode=full"));
	}

	@Test
	void fullModeStillLimitsTheWildcardToTheLinkPrefix() {
		AclBinding everyTopic = acl(TOPIC, "*", LITERAL, "User:alice", READ, ALLOW);
		assertThat(AclTranslator.translate(List.of(everyTopic), EVERYTHING, AclSyncMode.FULL, false, "dr.", Map.of())
			.bindings()).containsExactly(acl(TOPIC, "dr.", PREFIXED, "User:alice", READ, ALLOW));
		assertThat(AclTranslator.translate(List.of(everyTopic), EVERYTHING, AclSyncMode.FULL, false, "", Map.of())
			.bindings()).containsExactly(everyTopic);
	}

	@Test
	void fullCopiesEverythingTheFiltersSelectWithTopicsUnderThePrefix() {
		List<AclBinding> source = List.of(acl(TOPIC, "orders", LITERAL, "User:bob", WRITE, ALLOW),
				acl(TOPIC, "pay.", PREFIXED, "User:carol", ALL, ALLOW),
				acl(GROUP, "billing", LITERAL, "User:alice", DESCRIBE, ALLOW),
				acl(CLUSTER, "kafka-cluster", LITERAL, "User:bob", IDEMPOTENT_WRITE, ALLOW),
				acl(TRANSACTIONAL_ID, "tx-", PREFIXED, "User:bob", WRITE, ALLOW));
		AclTranslation translation = AclTranslator.translate(source, EVERYTHING, AclSyncMode.FULL, false, "dr.",
				Map.of());
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
				aliceOnly, AclSyncMode.READ_REPLICA, false, "", Map.of("orders", "orders"));
		assertThat(translation.bindings()).containsExactly(acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW));
		assertThat(AclTranslator
			.translate(List.of(acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW)), AclFilters.NONE,
					AclSyncMode.FULL, false, "", Map.of())
			.desired()).isEmpty();
	}

	@Test
	void twoSourceAclsThatMapToOneDestinationAclGiveOneDesiredAcl() {
		AclTranslation translation = AclTranslator.translate(
				List.of(acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW),
						acl(TOPIC, "pay.", PREFIXED, "User:alice", READ, ALLOW),
						acl(TOPIC, "pay.", LITERAL, "User:alice", READ, ALLOW)),
				EVERYTHING, AclSyncMode.FULL, false, "dr.", Map.of());
		assertThat(translation.desired()).hasSize(3);
		AclTranslation duplicates = readReplica(false, acl(TOPIC, "orders", LITERAL, "User:alice", READ, ALLOW),
				AclBindings.of(TOPIC, "orders", LITERAL, "User:alice", "*", READ, ALLOW));
		assertThat(duplicates.desired()).hasSize(1);
	}

	@Test
	void theLinkConfigsChooseTheRules() {
		String filters = "{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"any\",\"patternType\":\"any\"},"
				+ "\"accessFilter\":{\"operation\":\"any\",\"permissionType\":\"any\"}}]}";
		AclBinding write = acl(TOPIC, "orders", LITERAL, "User:bob", WRITE, ALLOW);
		AclBinding read = acl(TOPIC, "orders", LITERAL, "User:bob", READ, ALLOW);
		LinkConfig readReplica = LinkConfig
			.of(Map.of("cluster.link.prefix", "dr.", "acl.sync.enable", "true", "acl.filters", filters));
		LinkConfig full = LinkConfig.of(Map.of("cluster.link.prefix", "dr.", "acl.sync.enable", "true", "acl.filters",
				filters, "acl.sync.mode", "full"));
		assertThat(AclTranslator.translate(List.of(write), readReplica, MIRRORED).desired()).isEmpty();
		assertThat(AclTranslator.translate(List.of(read), readReplica, MIRRORED).bindings())
			.containsExactly(acl(TOPIC, "dr.orders", LITERAL, "User:bob", READ, ALLOW));
		assertThat(AclTranslator.translate(List.of(write), full, Map.of()).bindings())
			.containsExactly(acl(TOPIC, "dr.orders", LITERAL, "User:bob", WRITE, ALLOW));
		assertThat(AclSyncMode.of(full).configValue()).isEqualTo("full");
		assertThat(AclSyncMode.of(readReplica).configValue()).isEqualTo("read-replica");
	}

	private static AclTranslation readReplica(boolean includeGroups, AclBinding... source) {
		return AclTranslator.translate(List.of(source), EVERYTHING, AclSyncMode.READ_REPLICA, includeGroups, "dr.",
				MIRRORED);
	}

	static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal, AclOperation operation,
			AclPermissionType permission) {
		return AclBindings.of(type, name, pattern, principal, "*", operation, permission);
	}

}
