package dev.clusterlink.runtime.task;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness ({@code commandMembership}): the instance has joined its group on the command
 * topic and knows the topic, so it can own links. Never part of liveness: a
 * control-cluster outage must not restart the service.
 */
public class MembershipHealthIndicator implements HealthIndicator {

	private final LinkTaskLoop loop;

	public MembershipHealthIndicator(LinkTaskLoop loop) {
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
			.withDetail("group", this.loop.task().groupId())
			.withDetail("ownedLinks", this.loop.ownedLinks().size())
			.build();
	}

}
