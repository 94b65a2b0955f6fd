package dev.clusterlink.aclsync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.clusterlink.acl.AclBindings;
import dev.clusterlink.acl.OwnedAcl;
import dev.clusterlink.command.Command;
import dev.clusterlink.command.LinkChanged;
import dev.clusterlink.runtime.acl.AclLedger;
import dev.clusterlink.runtime.acl.AuthorizerKafka;
import dev.clusterlink.testsupport.SyncServiceIT;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the ACL sync integration tests: real brokers with {@code StandardAuthorizer} on
 * both sides, the real service, real PostgreSQL. Clusters and links are written with SQL
 * into the tables the link manager owns; every test uses its own principals so that tests
 * sharing the brokers never see each other's ACLs.
 */
public abstract class AclSyncIT extends SyncServiceIT {

	protected static Admin source;

	protected static Admin destination;

	@BeforeAll
	static void clients() {
		useControlCluster(AuthorizerKafka.destinationBootstrap());
		source = AuthorizerKafka.admin(AuthorizerKafka.sourceBootstrap());
		destination = AuthorizerKafka.admin(AuthorizerKafka.destinationBootstrap());
	}

	@AfterAll
	static void closeClients() {
		source.close();
		destination.close();
	}

	/** A principal no other test uses. */
	protected static String principal(String name) {
		return "User:" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	protected static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal,
			AclOperation operation, AclPermissionType permission) {
		return AclBindings.of(type, name, pattern, principal, "*", operation, permission);
	}

	/** {@code acl.filters} selecting every ACL of these principals. */
	protected static String filtersFor(String... principals) {
		List<Map<String, Object>> filters = new ArrayList<>();
		for (String principal : principals) {
			filters.add(Map.of("resourceFilter", Map.of("resourceType", "any", "patternType", "any"), "accessFilter",
					Map.of("principal", principal, "operation", "any", "permissionType", "any")));
		}
		return JSON.writeValueAsString(Map.of("aclFilters", filters));
	}

	/** The destination's ACLs of these principals, duplicates kept. */
	protected static List<AclBinding> destinationAcls(String... principals) {
		Set<String> wanted = Set.of(principals);
		return AuthorizerKafka.acls(destination)
			.stream()
			.filter((acl) -> wanted.contains(acl.entry().principal()))
			.toList();
	}

	// state store -----------------------------------------------------------------

	/** A link between two fresh clusters registered for the authorizer brokers. */
	protected static Link createLink(Map<String, String> configs) {
		return createLink(AuthorizerKafka.sourceBootstrap(), AuthorizerKafka.destinationBootstrap(), configs);
	}

	protected static Link createLink(String sourceBootstrap, String destinationBootstrap, Map<String, String> configs) {
		return createLink(unique("link"), sourceBootstrap, destinationBootstrap, configs);
	}

	/**
	 * Mirrors of a link, as the link manager writes them: read-replica copies topic ACLs
	 * onto these only.
	 * @param link the link
	 * @param prefix its {@code cluster.link.prefix}
	 * @param sourceTopics the source topics it mirrors (as prefix + name)
	 */
	protected static void mirror(Link link, String prefix, String... sourceTopics) {
		for (String topic : sourceTopics) {
			update("insert into mirrors (id, link_id, destination_cluster_id, name, source_topic, state, "
					+ "state_changed_at, version, created_at, updated_at) values (?, ?, ?, ?, ?, 'ACTIVE', now(), 0, "
					+ "now(), now())", UUID.randomUUID(), link.id(), link.destinationClusterId(), prefix + topic,
					topic);
		}
	}

	protected static void setState(Link link, String state) {
		update("update links set state = ?, version = version + 1 where id = ?", state, link.id());
		publish(new LinkChanged(link.id(), 0, Instant.now(), Command.Change.UPSERTED, link.name()));
	}

	/** The {@code AclSync} task of a link: state and reason, or null before the first. */
	protected static @Nullable Task task(Link link) {
		List<Task> tasks = query("select state, reason, last_success_at from link_tasks where link_id = ? and task = ?",
				(rs) -> new Task(rs.getString(1), rs.getString(2), rs.getTimestamp(3) != null), link.id(), "AclSync");
		return tasks.isEmpty() ? null : tasks.get(0);
	}

	/** The state of a link's {@code AclSync} task, {@code "none"} before the first. */
	protected static String taskState(Link link) {
		Task task = task(link);
		return (task != null) ? task.state() : "none";
	}

	/** The ledger of a link, as the service wrote it. */
	protected static List<OwnedAcl> ledger(Link link) {
		return new AclLedger(dataSource()).owned(link.id());
	}

	/** The ACL audit rows of a link, oldest first. */
	protected static List<AuditRow> audit(Link link) {
		return query(
				"select id, actor, action, details::text from audit_log where entity_id = ? and action like 'acl.%' "
						+ "order by id",
				(rs) -> {
					Map<String, Object> details = JSON.readValue(rs.getString(4), LinkedHashMap.class);
					return new AuditRow(rs.getLong(1), rs.getString(2), rs.getString(3), details);
				}, link.id());
	}

	protected static Set<AclBinding> bindings(Collection<OwnedAcl> owned) {
		return owned.stream().map(OwnedAcl::binding).collect(Collectors.toSet());
	}

	/** Audit rows' ACLs of one action, as bindings. */
	protected static List<AclBinding> audited(List<AuditRow> rows, String action) {
		return rows.stream().filter((row) -> row.action().equals(action)).map(AuditRow::binding).toList();
	}

	protected record Task(String state, @Nullable String reason, boolean everSucceeded) {
	}

	protected record AuditRow(long id, String actor, String action, Map<String, Object> details) {

		AclBinding binding() {
			return AclBindings.of(ResourceType.valueOf((String) this.details.get("resourceType")),
					(String) this.details.get("resourceName"),
					PatternType.valueOf((String) this.details.get("patternType")),
					(String) this.details.get("principal"), (String) this.details.get("host"),
					AclOperation.valueOf((String) this.details.get("operation")),
					AclPermissionType.valueOf((String) this.details.get("permissionType")));
		}

	}

}
