package dev.clusterlink.linkmanager.link;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import dev.clusterlink.linkmanager.LinkManagerProperties;
import dev.clusterlink.linkmanager.SingletonJobs;
import dev.clusterlink.linkmanager.cluster.ClusterGateway;
import dev.clusterlink.linkmanager.cluster.ClusterProbe;
import dev.clusterlink.model.LinkState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Checks every link's source and destination cluster on a timer and records the link
 * state ({@code SOURCE_UNAVAILABLE}, {@code DESTINATION_UNAVAILABLE}, {@code FAILED} on
 * authentication or authorization errors, back to {@code ACTIVE}). Each cluster is probed
 * once per round, all in parallel, however many links share it. One link manager instance
 * runs it at a time.
 */
@Component
class LinkAvailabilityChecker {

	private static final Logger log = LoggerFactory.getLogger(LinkAvailabilityChecker.class);

	private final LinkService links;

	private final ClusterGateway gateway;

	private final SingletonJobs jobs;

	private final LinkManagerProperties properties;

	LinkAvailabilityChecker(LinkService links, ClusterGateway gateway, SingletonJobs jobs,
			LinkManagerProperties properties) {
		this.links = links;
		this.gateway = gateway;
		this.jobs = jobs;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		this.jobs.schedule("link-availability-check", this.properties.availabilityCheckInterval(), this::checkAll);
	}

	void checkAll() {
		List<LinkView> active = this.links.views().stream().filter((link) -> link.state() != LinkState.PAUSED).toList();
		Map<UUID, ClusterProbe> probes = probe(active.stream()
			.flatMap((link) -> Stream.of(link.sourceClusterId(), link.destinationClusterId()))
			.distinct()
			.toList());
		for (LinkView link : active) {
			if (!this.jobs.isRunning()) {
				return;
			}
			MDC.put("link", link.name());
			try {
				this.links.observeAvailability(link.id(), probes.get(link.sourceClusterId()),
						probes.get(link.destinationClusterId()));
			}
			catch (RuntimeException ex) {
				log.warn("availability check of link {} failed: {}", link.name(), ex.toString());
			}
			finally {
				MDC.remove("link");
			}
		}
	}

	private Map<UUID, ClusterProbe> probe(List<UUID> clusters) {
		Map<UUID, ClusterProbe> probes = new ConcurrentHashMap<>();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			clusters.forEach((id) -> pool.submit(() -> probes.put(id, this.gateway.probe(id))));
		}
		return probes;
	}

}
