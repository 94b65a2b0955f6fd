package dev.clusterlink.runtime.task;

import java.time.Clock;

import dev.clusterlink.runtime.control.ControlCluster;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.runtime.store.LinkTaskStatus;
import dev.clusterlink.runtime.store.StateStoreConfiguration;
import dev.clusterlink.runtime.store.StateStoreReader;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The link-task runtime of a sync service (DESIGN.md §3): the loop, the task status, the
 * round metrics, the membership health ({@code commandMembership}, for the readiness
 * group), one Admin client per cluster, the state store, and the control cluster
 * ({@code clusterlink.control.*}). A service imports this and provides a
 * {@link LinkTask}, its {@link LinkTaskSettings}, its {@link LinkTaskReconciler} and a
 * {@link Clock}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ControlCluster.class)
@Import(StateStoreConfiguration.class)
public class LinkTaskConfiguration {

	/**
	 * One Admin client per registered cluster, shared by the links, closed at shutdown.
	 */
	@Bean(destroyMethod = "close")
	ClusterAdmins clusterAdmins(StateStoreReader reader, LinkTask task, LinkTaskSettings settings) {
		return new ClusterAdmins(reader, "clusterlink-" + task.name() + "-" + settings.instanceId(),
				settings.adminTimeout());
	}

	@Bean
	TaskStatusWriter taskStatusWriter(LinkTaskStatus status, LinkTask task, LinkTaskSettings settings, Clock clock) {
		return new TaskStatusWriter(status, task, settings.statusRefresh(), clock);
	}

	@Bean
	LinkTaskMetrics linkTaskMetrics(MeterRegistry registry, Clock clock, LinkTask task) {
		return new LinkTaskMetrics(registry, clock, task);
	}

	@Bean
	LinkTaskLoop linkTaskLoop(LinkTask task, LinkTaskSettings settings, LinkTaskReconciler reconciler,
			StateStoreReader reader, TaskStatusWriter status, LinkTaskMetrics metrics, ClusterAdmins admins,
			ControlCluster control, Clock clock) {
		return new LinkTaskLoop(task, settings, reconciler, reader, status, metrics, admins, control, clock);
	}

	@Bean("commandMembership")
	MembershipHealthIndicator commandMembership(LinkTaskLoop loop) {
		return new MembershipHealthIndicator(loop);
	}

}
