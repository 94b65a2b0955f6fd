package dev.clusterlink.aclsync;

import java.time.Duration;

import dev.clusterlink.runtime.task.LinkTaskSettings;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the ACL sync service. The control cluster and its command topic are
 * {@code clusterlink.control.*}, as in every service.
 *
 * @param instanceId this instance in client ids and logs; empty: the host name with a
 * random suffix
 * @param sessionTimeout how long a silent instance keeps its links before another
 * instance takes them over
 * @param adminTimeout how long one Admin API call to a source or destination cluster may
 * take
 * @param resyncInterval how often the list of links is re-read from the state store
 * (commands or not), and how often a link without ACL sync (paused, disabled) is looked
 * at again
 * @param tick how often the loop looks for links whose round is due
 * @param maxBackoff the longest wait between two rounds of a link that keeps failing (the
 * bound starts at twice {@code acl.sync.ms} and doubles; the wait is a random moment
 * between {@code acl.sync.ms} and the bound)
 * @param statusRefresh how often an unchanged ACTIVE task status is written again, so
 * that the link's {@code lastSuccessAt} moves on
 * @param parallelism how many links reconcile at the same time
 */
@Validated
@ConfigurationProperties("clusterlink.acl-sync")
public record AclSyncProperties(@DefaultValue("") String instanceId, @DefaultValue("10s") Duration sessionTimeout,
		@DefaultValue("10s") Duration adminTimeout, @DefaultValue("30s") Duration resyncInterval,
		@DefaultValue("500ms") Duration tick, @DefaultValue("5m") Duration maxBackoff,
		@DefaultValue("30s") Duration statusRefresh, @DefaultValue("4") @Positive int parallelism) {

	/** The link-task runtime's settings, with the instance id resolved. */
	public LinkTaskSettings settings() {
		return new LinkTaskSettings(LinkTaskSettings.resolveInstanceId(this.instanceId, "acl-sync"),
				this.sessionTimeout, this.adminTimeout, this.resyncInterval, this.tick, this.maxBackoff,
				this.statusRefresh, this.parallelism);
	}

}
