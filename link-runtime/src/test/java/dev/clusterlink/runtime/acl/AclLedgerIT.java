package dev.clusterlink.runtime.acl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;

import dev.clusterlink.acl.DesiredAcl;
import dev.clusterlink.acl.OwnedAcl;
import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.common.acl.AclBinding;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static dev.clusterlink.runtime.acl.AuthorizerKafka.acl;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.acl.AclPermissionType.DENY;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger on a real PostgreSQL: pending, confirmed, deleted; one audit row per change,
 * however often a step is repeated.
 */
class AclLedgerIT {

	private static final AclBinding ALICE = acl(TOPIC, "dr.orders", LITERAL, "User:alice", READ, ALLOW);

	private static final AclBinding CAROL = acl(TOPIC, "dr.pay.", PREFIXED, "User:carol", DESCRIBE, ALLOW);

	private static PGSimpleDataSource dataSource;

	@BeforeAll
	static void migrate() {
		TestPostgres.Database db = TestPostgres.database();
		Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).load().migrate();
		dataSource = new PGSimpleDataSource();
		dataSource.setURL(db.jdbcUrl());
		dataSource.setUser(db.username());
		dataSource.setPassword(db.password());
	}

	@Test
	void aCreationIsPendingThenConfirmedAndAuditedOnce() throws Exception {
		UUID link = link();
		AclLedger ledger = new AclLedger(dataSource);
		AclLedger.AuditContext audit = new AclLedger.AuditContext(link, "link-" + link, 3, "acl-sync", "round-1");

		ledger.recordPending(link,
				List.of(new DesiredAcl(ALICE, ALICE, "copied"), new DesiredAcl(CAROL, CAROL, "copied (full mode)")));
		assertThat(ledger.owned(link)).extracting(OwnedAcl::state)
			.containsExactly(OwnedAcl.State.PENDING, OwnedAcl.State.PENDING);

		assertThat(ledger.confirmCreated(audit, List.of(ALICE, CAROL))).isEqualTo(2);
		assertThat(ledger.confirmCreated(audit, List.of(ALICE, CAROL))).as("a repeated confirmation").isZero();
		assertThat(ledger.owned(link)).allSatisfy((owned) -> {
			assertThat(owned.created()).isTrue();
			assertThat(owned.confirmedAt()).isNotNull();
		});
		assertThat(auditRows(link, AclLedger.ACTION_ADDED)).isEqualTo(2);

		assertThat(ledger.recordDeleted(audit, List.of(CAROL))).isEqualTo(1);
		assertThat(ledger.recordDeleted(audit, List.of(CAROL))).as("a repeated deletion").isZero();
		assertThat(auditRows(link, AclLedger.ACTION_DELETED)).isEqualTo(1);
		assertThat(ledger.owned(link)).extracting(OwnedAcl::binding).containsExactly(ALICE);

		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(
						"select actor, request_id, entity_type, entity_name, entity_version, details->>'change', "
								+ "details->>'principal', details->>'resourceName', details->>'rule' from audit_log "
								+ "where entity_id = ? and action = 'acl.delete'")) {
			statement.setObject(1, link);
			try (ResultSet rs = statement.executeQuery()) {
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString(1)).isEqualTo("acl-sync");
				assertThat(rs.getString(2)).isEqualTo("round-1");
				assertThat(rs.getString(3)).isEqualTo("link");
				assertThat(rs.getString(4)).isEqualTo("link-" + link);
				assertThat(rs.getLong(5)).isEqualTo(3);
				assertThat(rs.getString(6)).isEqualTo("deleted");
				assertThat(rs.getString(7)).isEqualTo("User:carol");
				assertThat(rs.getString(8)).isEqualTo("dr.pay.");
				assertThat(rs.getString(9)).isEqualTo("copied (full mode)");
			}
		}
	}

	@Test
	void failedCreationsAndForgottenAclsLeaveNoAuditRow() throws Exception {
		UUID link = link();
		AclLedger ledger = new AclLedger(dataSource);
		ledger.recordPending(link, List.of(new DesiredAcl(ALICE, ALICE, "copied"), new DesiredAcl(CAROL, CAROL, "x")));
		ledger.dropPending(link, List.of(ALICE));
		assertThat(ledger.owned(link)).extracting(OwnedAcl::binding).containsExactly(CAROL);
		ledger.forget(link, List.of(CAROL));
		assertThat(ledger.owned(link)).isEmpty();
		assertThat(auditRows(link, AclLedger.ACTION_ADDED) + auditRows(link, AclLedger.ACTION_DELETED)).isZero();
	}

	@Test
	void aConfirmedAclRecordedAgainGoesBackToPending() {
		UUID link = link();
		AclLedger ledger = new AclLedger(dataSource);
		AclLedger.AuditContext audit = new AclLedger.AuditContext(link, "link-" + link, 0, "acl-sync", "r");
		ledger.recordPending(link, List.of(new DesiredAcl(ALICE, ALICE, "copied")));
		ledger.confirmCreated(audit, List.of(ALICE));
		// removed by hand on the destination, created again by the next round
		ledger.recordPending(link, List.of(new DesiredAcl(ALICE, ALICE, "copied")));
		assertThat(ledger.owned(link)).singleElement().satisfies((owned) -> {
			assertThat(owned.state()).isEqualTo(OwnedAcl.State.PENDING);
			assertThat(owned.confirmedAt()).isNull();
		});
		assertThat(ledger.confirmCreated(audit, List.of(ALICE))).isEqualTo(1);
	}

	@Test
	void mirrorsAndDenyWriteAclsAreReadAndRemovalsAuditedEachWithTheReason() throws Exception {
		UUID link = link();
		AclLedger ledger = new AclLedger(dataSource);
		UUID orders = mirror(link, "orders", "dr.orders", "[\"User:guarded\"]");
		mirror(link, "payments", "payments-replica", "[]");
		assertThat(ledger.mirroredTopics(link)).containsExactly(java.util.Map.entry("orders", "dr.orders"),
				java.util.Map.entry("payments", "payments-replica"));
		AclBinding deny = acl(TOPIC, "dr.orders", LITERAL, "User:guarded", WRITE, DENY);
		assertThat(ledger.denyWriteAcls(link, null)).containsExactly(deny);
		assertThat(ledger.denyWriteAcls(link, orders)).containsExactly(deny);
		assertThat(ledger.denyWriteAcls(UUID.randomUUID(), null)).isEmpty();

		ledger.recordPending(link, List.of(new DesiredAcl(ALICE, ALICE, "copied")));
		AclLedger.AuditContext audit = new AclLedger.AuditContext(link, "link-" + link, 1, "apikey:ops", "req-1");
		ledger.confirmCreated(audit, List.of(ALICE));
		assertThat(ledger.recordRemoved(audit, List.of(ALICE), "mirror 'dr.orders' deleted", "acl-sync")).isOne();
		assertThat(ledger.recordRemoved(audit, List.of(deny), "mirror 'dr.orders' deleted", "read-only-guard")).isOne();
		assertThat(ledger.owned(link)).isEmpty();
		assertThat(auditRows(link, AclLedger.ACTION_DELETED)).isEqualTo(2);
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(
						"select actor, details::text from audit_log where entity_id = ? and action = ? order by id")) {
			statement.setObject(1, link);
			statement.setString(2, AclLedger.ACTION_DELETED);
			try (ResultSet rs = statement.executeQuery()) {
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString(1)).isEqualTo("apikey:ops");
				assertThat(rs.getString(2)).contains("\"rule\": \"copied\"")
					.contains("\"reason\": \"mirror 'dr.orders' deleted\"")
					.contains("\"createdBy\": \"acl-sync\"");
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString(2)).contains("\"createdBy\": \"read-only-guard\"")
					.contains("\"permissionType\": \"DENY\"");
			}
		}
	}

	private static UUID mirror(UUID link, String sourceTopic, String name, String denyPrincipals) {
		UUID id = UUID.randomUUID();
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(
						"insert into mirrors (id, link_id, destination_cluster_id, name, source_topic, state, "
								+ "state_changed_at, version, created_at, updated_at, deny_write_principals) select ?, "
								+ "id, destination_cluster_id, ?, ?, 'ACTIVE', now(), 0, now(), now(), ?::jsonb from links "
								+ "where id = ?")) {
			statement.setObject(1, id);
			statement.setString(2, name);
			statement.setString(3, sourceTopic);
			statement.setString(4, denyPrincipals);
			statement.setObject(5, link);
			statement.executeUpdate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return id;
	}

	private static UUID link() {
		UUID source = UUID.randomUUID();
		UUID destination = UUID.randomUUID();
		UUID link = UUID.randomUUID();
		try (Connection connection = dataSource.getConnection()) {
			for (UUID cluster : List.of(source, destination)) {
				try (PreparedStatement statement = connection
					.prepareStatement("insert into clusters (id, name, bootstrap_servers, version, created_at, "
							+ "updated_at) values (?, ?, 'localhost:9092', 0, now(), now())")) {
					statement.setObject(1, cluster);
					statement.setString(2, "cluster-" + cluster);
					statement.executeUpdate();
				}
			}
			try (PreparedStatement statement = connection.prepareStatement(
					"insert into links (id, name, source_cluster_id, destination_cluster_id, state, state_changed_at, "
							+ "version, created_at, updated_at) values (?, ?, ?, ?, 'ACTIVE', now(), 0, now(), now())")) {
				statement.setObject(1, link);
				statement.setString(2, "link-" + link);
				statement.setObject(3, source);
				statement.setObject(4, destination);
				statement.executeUpdate();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return link;
	}

	private static int auditRows(UUID link, String action) throws Exception {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("select count(*) from audit_log where entity_id = ? and action = ?")) {
			statement.setObject(1, link);
			statement.setString(2, action);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}

}
