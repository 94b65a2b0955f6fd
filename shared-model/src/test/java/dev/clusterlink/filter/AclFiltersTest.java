package dev.clusterlink.filter;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AclFiltersTest {

	private static final AclBinding ALICE_READS_ORDERS = binding(ResourceType.TOPIC, "orders", PatternType.LITERAL,
			"User:alice", AclOperation.READ, AclPermissionType.ALLOW);

	private static final AclBinding BOB_WRITES_PAYMENTS_PREFIX = binding(ResourceType.TOPIC, "payments.",
			PatternType.PREFIXED, "User:bob", AclOperation.WRITE, AclPermissionType.ALLOW);

	private static final AclBinding ALICE_GROUP = binding(ResourceType.GROUP, "billing", PatternType.LITERAL,
			"User:alice", AclOperation.READ, AclPermissionType.ALLOW);

	@Test
	void noFilterSelectsNothing() {
		assertThat(FilterJson.parseAclFilters("").matches(ALICE_READS_ORDERS)).isFalse();
		assertThat(FilterJson.parseAclFilters("{\"aclFilters\":[]}").matches(ALICE_READS_ORDERS)).isFalse();
	}

	@Test
	void anyEverywhereSelectsEverything() {
		AclFilters filters = FilterJson
			.parseAclFilters("{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"any\","
					+ "\"patternType\":\"any\"},\"accessFilter\":{\"operation\":\"any\",\"permissionType\":\"any\"}}]}");
		assertThat(filters.matches(ALICE_READS_ORDERS)).isTrue();
		assertThat(filters.matches(BOB_WRITES_PAYMENTS_PREFIX)).isTrue();
		assertThat(filters.matches(ALICE_GROUP)).isTrue();
		assertThat(filters.filters()).containsExactly(AclFilter.ANY);
	}

	@Test
	void omittedFieldsMatchAnything() {
		AclFilters filters = FilterJson.parseAclFilters("{\"aclFilters\":[{}]}");
		assertThat(filters.matches(ALICE_GROUP)).isTrue();
	}

	@Test
	void resourceAndAccessFiltersNarrowTheSelection() {
		AclFilters filters = FilterJson
			.parseAclFilters("{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"TOPIC\","
					+ "\"name\":\"orders\",\"patternType\":\"LITERAL\"},\"accessFilter\":{\"principal\":\"User:alice\","
					+ "\"operation\":\"READ\",\"permissionType\":\"ALLOW\"}}]}");
		assertThat(filters.matches(ALICE_READS_ORDERS)).isTrue();
		assertThat(filters.matches(ALICE_GROUP)).isFalse();
		assertThat(filters.matches(BOB_WRITES_PAYMENTS_PREFIX)).isFalse();
	}

	@Test
	void matchPatternSelectsPrefixedAclsThatCoverAName() {
		AclFilters filters = FilterJson
			.parseAclFilters("{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"TOPIC\","
					+ "\"name\":\"payments.eu\",\"patternType\":\"MATCH\"}}]}");
		assertThat(filters.matches(BOB_WRITES_PAYMENTS_PREFIX)).isTrue();
		assertThat(filters.matches(ALICE_READS_ORDERS)).isFalse();
	}

	@Test
	void anyOfSeveralFiltersSelects() {
		AclFilters filters = FilterJson
			.parseAclFilters("{\"aclFilters\":[" + "{\"resourceFilter\":{\"resourceType\":\"GROUP\"}},"
					+ "{\"accessFilter\":{\"principal\":\"User:bob\"}}]}");
		assertThat(filters.matches(ALICE_GROUP)).isTrue();
		assertThat(filters.matches(BOB_WRITES_PAYMENTS_PREFIX)).isTrue();
		assertThat(filters.matches(ALICE_READS_ORDERS)).isFalse();
	}

	@Test
	void errorsNameThePath() {
		assertThatThrownBy(() -> FilterJson
			.parseAclFilters("{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"TABLE\"}}]}"))
			.hasMessageStartingWith("aclFilters[0].resourceFilter.resourceType must be");
		assertThatThrownBy(
				() -> FilterJson.parseAclFilters("{\"aclFilters\":[{\"accessFilter\":{\"operation\":\"UNKNOWN\"}}]}"))
			.hasMessageStartingWith("aclFilters[0].accessFilter.operation must be");
		assertThatThrownBy(() -> FilterJson.parseAclFilters("{\"aclFilters\":[{\"accessFilter\":{\"user\":\"x\"}}]}"))
			.hasMessageStartingWith("aclFilters[0].accessFilter has unknown property \"user\"");
	}

	private static AclBinding binding(ResourceType type, String name, PatternType patternType, String principal,
			AclOperation operation, AclPermissionType permission) {
		return new AclBinding(new ResourcePattern(type, name, patternType),
				new AccessControlEntry(principal, "*", operation, permission));
	}

}
