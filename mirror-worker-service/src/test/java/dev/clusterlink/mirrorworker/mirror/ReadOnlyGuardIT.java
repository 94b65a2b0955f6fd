package dev.clusterlink.mirrorworker.mirror;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.acl.AclBindings;
import dev.clusterlink.mirrorworker.WorkerIT;
import dev.clusterlink.mirrorworker.support.KafkaTopics;
import dev.clusterlink.runtime.acl.AuthorizerKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read-only guard against a destination with {@code StandardAuthorizer}: it gives the
 * listed principals a DENY WRITE ACL on the mirror, records only the ACLs it created, and
 * at failover removes only those: a DENY WRITE made by hand before the link is never
 * adopted or removed.
 */
class ReadOnlyGuardIT extends WorkerIT {

	private static Admin destination;

	@BeforeAll
	static void clients() {
		destination = AuthorizerKafka.admin(AuthorizerKafka.destinationBootstrap());
	}

	@AfterAll
	static void close() {
		destination.close();
	}

	@Test
	void theGuardRecordsAndRemovesOnlyTheDenyWriteAclsItCreated() {
		String source = AuthorizerKafka.sourceBootstrap();
		String topic = unique("guarded");
		KafkaTopics.create(source, topic, 1, Map.of());
		KafkaTopics.produceVaried(source, topic, 1, 10, "none", 0);
		String app = "User:" + unique("app");
		String ops = "User:" + unique("ops");
		AclBinding opsHandMade = denyWrite(topic, ops);
		AuthorizerKafka.create(destination, List.of(opsHandMade));

		UUID sourceId = control.cluster(unique("src"), source);
		UUID destinationId = control.cluster(unique("dst"), AuthorizerKafka.destinationBootstrap());
		UUID link = control.link(unique("link"), sourceId, destinationId,
				Map.of("mirror.deny.write.principals", app + "," + ops, "topic.config.sync.ms", "1000"));
		UUID mirror = control.mirror(link, destinationId, topic, topic);

		eventually().untilAsserted(
				() -> assertThat(AuthorizerKafka.acls(destination)).contains(denyWrite(topic, app), opsHandMade));
		eventually().untilAsserted(() -> assertThat(recorded(mirror)).isEqualTo("[\"" + app + "\"]"));

		control.request(mirror, "PENDING_STOPPED", "FAILOVER");
		eventually().until(() -> "STOPPED".equals(control.state(mirror)));
		eventually()
			.untilAsserted(() -> assertThat(AuthorizerKafka.acls(destination)).doesNotContain(denyWrite(topic, app))
				.contains(opsHandMade));
		assertThat(recorded(mirror)).isEqualTo("[]");
	}

	private static String recorded(UUID mirror) {
		return control.rows("select deny_write_principals::text as principals from mirrors where id = ?", mirror)
			.get(0)
			.get("principals")
			.toString();
	}

	private static AclBinding denyWrite(String topic, String principal) {
		return AclBindings.of(ResourceType.TOPIC, topic, PatternType.LITERAL, principal, "*", AclOperation.WRITE,
				AclPermissionType.DENY);
	}

}
