package dev.clusterlink.linkmanager.mirror;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.linkmanager.LinkManagerProperties;
import dev.clusterlink.linkmanager.SingletonJobs;
import dev.clusterlink.linkmanager.cluster.ClusterGateway;
import dev.clusterlink.linkmanager.link.LinkService;
import dev.clusterlink.linkmanager.link.LinkView;
import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.model.LinkState;
import dev.clusterlink.model.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates mirrors by themselves for links with
 * {@code auto.create.mirror.topics.enable=true}: lists the source topics, keeps those
 * {@code auto.create.mirror.topics.filters} selects (never internal topics), and creates
 * a mirror for each one the link does not mirror yet. One instance runs it at a time.
 */
@Component
class AutoMirrorCreator {

	private static final Logger log = LoggerFactory.getLogger(AutoMirrorCreator.class);

	private final LinkService links;

	private final MirrorService mirrors;

	private final ClusterGateway gateway;

	private final SingletonJobs jobs;

	private final LinkManagerProperties properties;

	/** Refusals already logged, so that a topic refused every round is reported once. */
	private final Set<String> reported = ConcurrentHashMap.newKeySet();

	AutoMirrorCreator(LinkService links, MirrorService mirrors, ClusterGateway gateway, SingletonJobs jobs,
			LinkManagerProperties properties) {
		this.links = links;
		this.mirrors = mirrors;
		this.gateway = gateway;
		this.jobs = jobs;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		this.jobs.schedule("auto-create-mirrors", this.properties.autoCreateInterval(), this::createAll);
	}

	/**
	 * One round over every link, each in its own try/catch: a link whose configs cannot
	 * be read or whose source does not answer never keeps the others from their mirrors.
	 */
	void createAll() {
		for (LinkView link : this.links.views()) {
			LinkConfig config;
			try {
				config = link.config();
			}
			catch (RuntimeException ex) {
				log.warn("auto-create({}): reading the link's configs failed: {}", link.name(), ex.toString());
				continue;
			}
			if (!config.autoCreateMirrors() || link.state() == LinkState.PAUSED) {
				continue;
			}
			try {
				createFor(link, config);
			}
			catch (RuntimeException ex) {
				log.warn("auto-create({}): listing source topics or creating their mirrors failed: {}", link.name(),
						ex.getMessage());
			}
		}
	}

	private void createFor(LinkView link, LinkConfig config) {
		for (String topic : this.gateway.listTopics(link.sourceClusterId())) {
			if (Names.isInternalTopic(topic) || !config.autoCreateFilters().matches(topic)
					|| this.mirrors.mirrors(link, topic)) {
				continue;
			}
			try {
				this.mirrors.create(link.name(), new MirrorRequest(topic, null, link.direction().wire()));
				log.info("auto-create({}): mirror created for source topic {}", link.name(), topic);
			}
			catch (ApiException ex) {
				if (this.reported.add(link.name() + "/" + topic + "/" + ex.type())) {
					log.warn("auto-create({}): source topic {} not mirrored: {}", link.name(), topic, ex.getMessage());
				}
			}
		}
	}

}
