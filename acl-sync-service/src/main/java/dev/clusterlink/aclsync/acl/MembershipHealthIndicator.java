package dev.clusterlink.aclsync.acl;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: the instance has joined the command-topic group and knows the command topic,
 * so it can own links. Never part of liveness: a control-cluster outage must not restart
 * the service.
 */
@Component("commandMembership")
class MembershipHealthIndicator implements HealthIndicator {

	private final AclSyncLoop loop;

	MembershipHealthIndicator(AclSyncLoop loop) {
		this.loop = loop;
	}

	@Override
	public Health health() {
		if (!this.loop.isMember()) {
			return Health.down()
				.withDetail("reason", "not a member of the command-topic group yet (is the command topic there?)")
				.build();
		}
		return Health.up()
			.withDetail("group", AclSyncLoop.GROUP_ID)
			.withDetail("ownedLinks", this.loop.ownedLinks().size())
			.build();
	}

}
