package dev.clusterlink.runtime.acl;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.clusterlink.acl.AclBindings;
import static org.awaitility.Awaitility.await;

/**
 * Real Kafka clusters with ACLs for the ACL sync tests, in this JVM: spring-kafka-test's
 * KRaft broker with {@code StandardAuthorizer}. Started on first use, shared by every
 * test of the JVM, stopped when it exits. Clients connect over PLAINTEXT as
 * {@code User:ANONYMOUS}.
 * <ul>
 * <li>{@link #sourceBootstrap()} and {@link #destinationBootstrap()}: ANONYMOUS is a
 * super user, so tests and the services may do anything.</li>
 * <li>{@link #deniedSourceBootstrap()}: ANONYMOUS may do everything but DESCRIBE on the
 * cluster resource, so it cannot read ACLs (a source that denies the link's
 * principal).</li>
 * </ul>
 * (The plain {@code TestKafka} clusters have no authorizer.)
 */
public final class AuthorizerKafka {

	/** The name of the cluster resource in ACLs. */
	private static final String CLUSTER = "kafka-cluster";

	private static EmbeddedKafkaKraftBroker source;

	private static EmbeddedKafkaKraftBroker destination;

	private static EmbeddedKafkaKraftBroker deniedSource;

	private AuthorizerKafka() {
	}

	/** Bootstrap servers of the source cluster with an authorizer. */
	public static synchronized String sourceBootstrap() {
		if (source == null) {
			source = start("source", Map.of("super.users", "User:ANONYMOUS"));
		}
		return source.getBrokersAsString();
	}

	/** Bootstrap servers of the destination cluster with an authorizer. */
	public static synchronized String destinationBootstrap() {
		if (destination == null) {
			destination = start("destination", Map.of("super.users", "User:ANONYMOUS"));
		}
		return destination.getBrokersAsString();
	}

	/**
	 * Bootstrap servers of a source cluster that does not let ANONYMOUS describe ACLs.
	 */
	public static synchronized String deniedSourceBootstrap() {
		if (deniedSource == null) {
			deniedSource = start("denied-source",
					Map.of("super.users", "User:nobody", "allow.everyone.if.no.acl.found", "true"));
			// no cluster ACL yet, so everyone may still alter ACLs: allow ANONYMOUS
			// everything on the cluster (the node's own controller requests need it),
			// deny
			// DESCRIBE (DENY wins)
			String bootstrap = deniedSource.getBrokersAsString();
			try (Admin admin = admin(bootstrap)) {
				send(admin, List.of(clusterAcl(AclOperation.ALL, AclPermissionType.ALLOW),
						clusterAcl(AclOperation.DESCRIBE, AclPermissionType.DENY)));
				// in force once the broker applied it: describing ACLs is refused
				await().atMost(Duration.ofSeconds(30)).until(() -> {
					try {
						admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS);
						return false;
					}
					catch (ExecutionException ex) {
						return ex.getCause() instanceof ClusterAuthorizationException;
					}
				});
			}
		}
		return deniedSource.getBrokersAsString();
	}

	/** An Admin client of a test cluster; the caller closes it. */
	public static Admin admin(String bootstrap) {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
	}

	/**
	 * Creates ACLs and waits until the broker's authorizer shows them: the controller
	 * acknowledges before the broker applies the metadata record.
	 */
	public static void create(Admin admin, Collection<AclBinding> acls) {
		send(admin, acls);
		await().atMost(Duration.ofSeconds(30)).until(() -> acls(admin).containsAll(acls));
	}

	private static void send(Admin admin, Collection<AclBinding> acls) {
		try {
			admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("createAcls failed: " + ex, ex);
		}
	}

	/**
	 * Deletes ACLs (exact matches) and waits until the broker's authorizer no longer
	 * shows them.
	 */
	public static void delete(Admin admin, Collection<AclBinding> acls) {
		try {
			admin.deleteAcls(acls.stream().map(AclBinding::toFilter).toList()).all().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("deleteAcls failed: " + ex, ex);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> acls(admin).stream().noneMatch(acls::contains));
	}

	/** Every ACL of a cluster. */
	public static Collection<AclBinding> acls(Admin admin) {
		try {
			return admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("describeAcls failed: " + ex, ex);
		}
	}

	private static AclBinding clusterAcl(AclOperation operation, AclPermissionType permission) {
		return AclBindings.of(ResourceType.CLUSTER, CLUSTER, PatternType.LITERAL, "User:ANONYMOUS", "*", operation,
				permission);
	}

	private static EmbeddedKafkaKraftBroker start(String which, Map<String, String> security) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		Map<String, String> properties = new HashMap<>(Map.of("auto.create.topics.enable", "false",
				"group.initial.rebalance.delay.ms", "0", "transaction.state.log.replication.factor", "1",
				"transaction.state.log.min.isr", "1", "offsets.topic.replication.factor", "1", "authorizer.class.name",
				"org.apache.kafka.metadata.authorizer.StandardAuthorizer"));
		properties.putAll(security);
		broker.brokerProperties(properties);
		// the brokers must not publish themselves under spring-kafka-test's one system
		// property
		broker.brokerListProperty("clusterlink.test.kafka.acl." + which);
		broker.afterPropertiesSet();
		Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "stop-acl-test-kafka-" + which));
		return broker;
	}

	/** A binding with host {@code *}, as the ITs write them. */
	static org.apache.kafka.common.acl.AclBinding acl(org.apache.kafka.common.resource.ResourceType type, String name,
			org.apache.kafka.common.resource.PatternType pattern, String principal,
			org.apache.kafka.common.acl.AclOperation operation,
			org.apache.kafka.common.acl.AclPermissionType permission) {
		return AclBindings.of(type, name, pattern, principal, "*", operation, permission);
	}

}
