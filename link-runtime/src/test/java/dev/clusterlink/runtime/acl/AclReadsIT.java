package dev.clusterlink.runtime.acl;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.filter.FilterJson;
import dev.clusterlink.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.junit.jupiter.api.Test;

import static dev.clusterlink.runtime.acl.AuthorizerKafka.acl;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.acl.AclPermissionType.DENY;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Admin API reads of a round against real brokers: with an authorizer, without one,
 * and with a principal that may not describe ACLs.
 */
class AclReadsIT {

	@Test
	void theSourceReadReturnsWhatTheFiltersSelectOnce() throws Exception {
		String alice = "User:alice-" + UUID.randomUUID();
		String bob = "User:bob-" + UUID.randomUUID();
		AclBinding aliceReads = acl(TOPIC, "orders", LITERAL, alice, READ, ALLOW);
		AclBinding aliceWritesPrefix = acl(TOPIC, "pay.", PREFIXED, alice, WRITE, ALLOW);
		AclBinding aliceGroup = acl(GROUP, "billing", LITERAL, alice, READ, ALLOW);
		AclBinding bobReads = acl(TOPIC, "orders", LITERAL, bob, READ, ALLOW);
		AclBinding bobDenied = acl(TOPIC, "orders", LITERAL, bob, DESCRIBE, DENY);
		try (Admin admin = AuthorizerKafka.admin(AuthorizerKafka.sourceBootstrap())) {
			AuthorizerKafka.create(admin, List.of(aliceReads, aliceWritesPrefix, aliceGroup, bobReads, bobDenied));
			// two filters that overlap on aliceReads: it still comes back once
			String filters = "{\"aclFilters\":[{\"resourceFilter\":{\"resourceType\":\"topic\",\"patternType\":\"any\"},"
					+ "\"accessFilter\":{\"principal\":\"" + alice
					+ "\",\"operation\":\"any\",\"permissionType\":\"any\"}},"
					+ "{\"resourceFilter\":{\"resourceType\":\"any\",\"name\":\"orders\",\"patternType\":\"literal\"},"
					+ "\"accessFilter\":{\"principal\":\"" + alice
					+ "\",\"operation\":\"read\",\"permissionType\":\"allow\"}}]}";
			Collection<AclBinding> read = AclReads.source(admin, FilterJson.parseAclFilters(filters))
				.get(30, TimeUnit.SECONDS);
			assertThat(read).filteredOn((acl) -> acl.entry().permissionType() == ALLOW)
				.containsExactlyInAnyOrder(aliceReads, aliceWritesPrefix);
			// every DENY of the source comes too, selected or not: read-replica needs
			// them
			// to find the ALLOWs they shadow
			assertThat(read).contains(bobDenied).doesNotHaveDuplicates();
			assertThat(AclReads.source(admin, FilterJson.parseAclFilters("")).get(30, TimeUnit.SECONDS)).isEmpty();
			assertThat(AclReads.destination(admin).get(30, TimeUnit.SECONDS)).contains(aliceReads, aliceWritesPrefix,
					aliceGroup, bobReads);
		}
	}

	@Test
	void creatingAnExistingAclAgainLeavesOneAcl() throws Exception {
		String alice = "User:alice-" + UUID.randomUUID();
		AclBinding aliceReads = acl(TOPIC, "orders", LITERAL, alice, READ, ALLOW);
		try (Admin admin = AuthorizerKafka.admin(AuthorizerKafka.destinationBootstrap())) {
			AuthorizerKafka.create(admin, List.of(aliceReads));
			// what two instances do when both run a link during a rebalance
			AuthorizerKafka.create(admin, List.of(aliceReads));
			assertThat(AclReads.destination(admin).get(30, TimeUnit.SECONDS))
				.filteredOn((acl) -> acl.entry().principal().equals(alice))
				.containsExactly(aliceReads);
		}
	}

	@Test
	void aClusterWithoutAnAuthorizerSaysSo() {
		try (Admin admin = AuthorizerKafka.admin(TestKafka.destinationBootstrap())) {
			assertThatThrownBy(() -> AclReads.destination(admin).get(30, TimeUnit.SECONDS))
				.isInstanceOf(ExecutionException.class)
				.hasCauseInstanceOf(SecurityDisabledException.class);
		}
	}

	@Test
	void aPrincipalWithoutDescribeOnTheClusterCannotReadAcls() {
		try (Admin admin = AuthorizerKafka.admin(AuthorizerKafka.deniedSourceBootstrap())) {
			assertThatThrownBy(() -> AclReads.source(admin, FilterJson.parseAclFilters("{\"aclFilters\":[{}]}"))
				.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.hasCauseInstanceOf(ClusterAuthorizationException.class);
		}
	}

}
