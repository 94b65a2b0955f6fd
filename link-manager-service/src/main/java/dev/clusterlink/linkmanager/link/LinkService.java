package dev.clusterlink.linkmanager.link;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.command.Command;
import dev.clusterlink.command.LinkChanged;
import dev.clusterlink.command.MirrorChanged;
import dev.clusterlink.config.InvalidLinkConfigException;
import dev.clusterlink.config.LinkConfig;
import dev.clusterlink.config.LinkConfigs;
import dev.clusterlink.linkmanager.audit.AuditLog;
import dev.clusterlink.linkmanager.cluster.ClusterCheckResponse;
import dev.clusterlink.linkmanager.cluster.ClusterGateway;
import dev.clusterlink.linkmanager.cluster.ClusterNotFoundException;
import dev.clusterlink.linkmanager.cluster.ClusterProbe;
import dev.clusterlink.linkmanager.cluster.ClusterService;
import dev.clusterlink.linkmanager.cluster.ClusterUnavailableException;
import dev.clusterlink.linkmanager.command.CommandPublisher;
import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.linkmanager.web.Preconditions;
import dev.clusterlink.linkmanager.web.ProblemType;
import dev.clusterlink.model.LinkLifecycle;
import dev.clusterlink.model.LinkState;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.Names;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cluster links: creation, configs, pause and resume, deletion, and their observed
 * availability.
 */
@Service
public class LinkService {

	private static final Logger log = LoggerFactory.getLogger(LinkService.class);

	private final LinkRepository links;

	private final ClusterService clusters;

	private final ClusterGateway gateway;

	private final AuditLog audit;

	private final CommandPublisher commands;

	private final Clock clock;

	private final LinkAclGuard acls;

	LinkService(LinkRepository links, ClusterService clusters, ClusterGateway gateway, AuditLog audit,
			CommandPublisher commands, Clock clock, LinkAclGuard acls) {
		this.acls = acls;
		this.links = links;
		this.clusters = clusters;
		this.gateway = gateway;
		this.audit = audit;
		this.commands = commands;
		this.clock = clock;
	}

	/**
	 * Checks a link request: both clusters reachable, configs valid. Writes nothing.
	 * @param request the link to check
	 * @return what each cluster answered and the effective configs
	 * @throws ClusterUnavailableException naming the cluster that did not answer
	 */
	public LinkValidationResponse validate(LinkRequest request) {
		ValidLink valid = validated(request);
		ClusterCheckResponse source = reachable(valid.sourceClusterId(), "sourceCluster", request.sourceCluster());
		ClusterCheckResponse destination = reachable(valid.destinationClusterId(), "destinationCluster",
				request.destinationCluster());
		return new LinkValidationResponse(request.name(), true, source, destination,
				LinkConfigs.effective(valid.configs()));
	}

	@Transactional
	public LinkResponse create(LinkRequest request) {
		ValidLink valid = validated(request);
		if (this.links.findByNameAndTwinOfIsNull(request.name()).isPresent()) {
			throw new ApiException(ProblemType.LINK_EXISTS, "a link named '" + request.name() + "' already exists")
				.with("link", request.name());
		}
		this.acls.checkReviewed(null, request.name(), Map.of(), valid.configs(), null);
		LinkEntity link = this.links.saveAndFlush(new LinkEntity(UUID.randomUUID(), request.name(),
				valid.sourceClusterId(), valid.destinationClusterId(), valid.configs(), this.clock.instant()));
		// a bidirectional link: its reverse direction is a hidden twin row, in the same
		// transaction, which every service reads as an ordinary link
		LinkEntity twin = LinkConfigs.bidirectional(valid.configs())
				? this.links.saveAndFlush(LinkEntity.twinOf(link, this.clock.instant())) : null;
		changed("link.create", link, twin, Map.of("sourceCluster", request.sourceCluster(), "destinationCluster",
				request.destinationCluster(), "configs", link.configs()), false);
		log.info("link {} created: {} -> {}", link.name(), request.sourceCluster(), request.destinationCluster());
		return toResponse(link);
	}

	@Transactional(readOnly = true)
	public LinkResponse get(String name) {
		return toResponse(find(name));
	}

	/**
	 * A page of the links, by name; paged in the query.
	 * @param visible only these links (a key limited to named links), or {@code null} for
	 * every link
	 * @param page page number, from 0
	 * @param size page size, from 1 (clamped to {@link PageResponse#MAX_SIZE})
	 * @return the page
	 */
	@Transactional(readOnly = true)
	public PageResponse<LinkResponse> list(@Nullable Collection<String> visible, int page, int size) {
		PageRequest request = Paging.request(page, size, Sort.by("name"));
		Map<UUID, String> clusterNames = this.clusters.names();
		// "in ()" is not valid SQL: an empty set becomes a name no link has
		Page<LinkEntity> found = (visible == null) ? this.links.findByTwinOfIsNull(request)
				: this.links.findByNameInAndTwinOfIsNull(visible.isEmpty() ? List.of("") : visible, request);
		return PageResponse.of(found, (link) -> toResponse(link, clusterNames));
	}

	/**
	 * A link, for other features.
	 * @param name the link name
	 * @return the link
	 * @throws LinkNotFoundException when there is none
	 */
	@Transactional(readOnly = true)
	public LinkView view(String name) {
		return toView(find(name));
	}

	/**
	 * One direction of a link, for other features.
	 * @param name the link name
	 * @param direction the direction; {@code reverse} only on a bidirectional link
	 * @return the view of that direction's row
	 * @throws LinkNotFoundException when there is no such link
	 * @throws ApiException validation-failed naming {@code direction} for the reverse of
	 * a unidirectional link
	 */
	@Transactional(readOnly = true)
	public LinkView view(String name, LinkDirection direction) {
		LinkEntity link = find(name);
		if (direction == LinkDirection.FORWARD) {
			return toView(link);
		}
		return this.links.findByTwinOf(link.id())
			.map(LinkService::toView)
			.orElseThrow(() -> ApiException.invalidField("direction", "link '" + name
					+ "' is unidirectional: only 'forward' (create it with link.mode=BIDIRECTIONAL to mirror both ways)"));
	}

	/**
	 * Every direction of a link: the link, then its reverse when it is bidirectional.
	 * @param name the link name
	 * @return one view, or two
	 * @throws LinkNotFoundException when there is no such link
	 */
	@Transactional(readOnly = true)
	public List<LinkView> directions(String name) {
		LinkEntity link = find(name);
		return (twin(link) != null) ? List.of(toView(link), toView(twin(link))) : List.of(toView(link));
	}

	/**
	 * The ids of named links, for queries of other features.
	 * @param names link names
	 * @return the ids of those that exist
	 */
	@Transactional(readOnly = true)
	public List<UUID> idsOf(Collection<String> names) {
		if (names.isEmpty()) {
			return List.of();
		}
		List<UUID> ids = new java.util.ArrayList<>(
				this.links.findByNameInAndTwinOfIsNull(names).stream().map(LinkEntity::id).toList());
		// the reverse directions of those links: a key limited to a link sees both
		this.links.findByTwinOfIn(List.copyOf(ids)).forEach((twin) -> ids.add(twin.id()));
		return ids;
	}

	/**
	 * The names of links by id, for other features.
	 * @param ids link ids
	 * @return the names of those that exist
	 */
	@Transactional(readOnly = true)
	public Map<UUID, String> namesOf(Collection<UUID> ids) {
		Map<UUID, String> names = new HashMap<>();
		this.links.findAllById(ids).forEach((link) -> names.put(link.id(), linkName(link)));
		return names;
	}

	/**
	 * The directions of links by row id, for other features.
	 * @param ids link row ids
	 * @return the views of those that exist
	 */
	@Transactional(readOnly = true)
	public Map<UUID, LinkView> viewsOf(Collection<UUID> ids) {
		Map<UUID, LinkView> views = new HashMap<>();
		this.links.findAllById(ids).forEach((link) -> views.put(link.id(), toView(link)));
		return views;
	}

	/**
	 * Every link row (both directions of a bidirectional link), for the periodic jobs.
	 */
	@Transactional(readOnly = true)
	public List<LinkView> views() {
		return this.links.findAllByOrderByNameAsc().stream().map(LinkService::toView).toList();
	}

	/**
	 * Replaces the link's configs.
	 * @param name the link
	 * @param configs the new configs; keys left out go back to their defaults
	 * @param ifMatch optional If-Match header
	 * @param aclDiffToken the review token of the ACL changes, needed to switch full ACL
	 * sync on ({@link LinkAclGuard#checkReviewed})
	 * @return the link
	 */
	@Transactional
	public LinkResponse replaceConfigs(String name, Map<String, Object> configs, @Nullable String ifMatch,
			@Nullable String aclDiffToken) {
		LinkEntity link = find(name);
		Preconditions.checkIfMatch(ifMatch, link.version());
		return reconfigure(link, LinkConfigs.normalize(configs), "link.configs.replace", aclDiffToken);
	}

	/**
	 * Merges changes into the link's configs (JSON merge patch: {@code null} resets a key
	 * to its default).
	 * @param name the link
	 * @param changes the keys to set or reset
	 * @param ifMatch optional If-Match header
	 * @param aclDiffToken the review token of the ACL changes, needed to switch full ACL
	 * sync on ({@link LinkAclGuard#checkReviewed})
	 * @return the link
	 */
	@Transactional
	public LinkResponse patchConfigs(String name, Map<String, Object> changes, @Nullable String ifMatch,
			@Nullable String aclDiffToken) {
		LinkEntity link = find(name);
		Preconditions.checkIfMatch(ifMatch, link.version());
		return reconfigure(link, merged(link.configs(), changes), "link.configs.patch", aclDiffToken);
	}

	/**
	 * A link's configs with a JSON merge patch applied ({@code null} resets a key to its
	 * default), normalized.
	 * @param configs the configs the link sets
	 * @param changes the keys to set or reset
	 * @return the configs after the patch
	 */
	public static Map<String, String> merged(Map<String, String> configs, Map<String, Object> changes) {
		Map<String, Object> merged = new HashMap<>(configs);
		changes.forEach((key, value) -> {
			if (value == null) {
				LinkConfigs.definition(key); // rejects unknown keys by name
				merged.remove(key);
			}
			else {
				merged.put(key, value);
			}
		});
		return LinkConfigs.normalize(merged);
	}

	@Transactional
	public LinkResponse pause(String name, @Nullable String ifMatch) {
		LinkEntity link = find(name);
		Preconditions.checkIfMatch(ifMatch, link.version());
		LinkEntity twin = twin(link);
		boolean moved = link.moveTo(LinkLifecycle.pause(link.state()), "paused by an operator", this.clock.instant());
		if (twin != null) {
			moved |= twin.moveTo(LinkLifecycle.pause(twin.state()), "paused by an operator", this.clock.instant());
		}
		if (moved) {
			link = this.links.saveAndFlush(link);
			twin = (twin != null) ? this.links.saveAndFlush(twin) : null;
			changed("link.pause", link, twin, Map.of(), true);
			log.info("link {} paused", name);
		}
		return toResponse(link);
	}

	@Transactional
	public LinkResponse resume(String name, @Nullable String ifMatch) {
		LinkEntity link = find(name);
		Preconditions.checkIfMatch(ifMatch, link.version());
		LinkEntity twin = twin(link);
		boolean moved = resumed(link);
		if (twin != null) {
			moved |= resumed(twin);
		}
		if (moved) {
			link = this.links.saveAndFlush(link);
			twin = (twin != null) ? this.links.saveAndFlush(twin) : null;
			changed("link.resume", link, twin, Map.of(), true);
			log.info("link {} resumed", name);
		}
		return toResponse(link);
	}

	private boolean resumed(LinkEntity link) {
		LinkState next = LinkLifecycle.resume(link.state());
		return next != link.state() && link.moveTo(next, null, this.clock.instant());
	}

	/**
	 * Deletes a link. Refused while it has mirrors that are not STOPPED, unless forced; a
	 * forced delete stops mirroring of all its mirrors and keeps their destination
	 * topics. First the ACLs the link created on the destination and the DENY WRITE ACLs
	 * of its mirrors are removed (each audited), unless {@code keepAcls}; when the
	 * destination cannot remove them the link is not deleted.
	 * @param name the link
	 * @param force delete the link and its mirrors even when they are not stopped
	 * @param keepAcls leave the link's ACLs on the destination (e.g. when it is gone for
	 * good)
	 * @param ifMatch optional If-Match header
	 */
	@Transactional
	public void delete(String name, boolean force, boolean keepAcls, @Nullable String ifMatch) {
		LinkEntity link = find(name);
		Preconditions.checkIfMatch(ifMatch, link.version());
		LinkEntity twin = twin(link);
		List<LinkRepository.LinkMirror> forwardMirrors = this.links.mirrorsOf(link.id());
		List<LinkRepository.LinkMirror> mirrors = new java.util.ArrayList<>(forwardMirrors);
		List<LinkRepository.LinkMirror> twinMirrors = (twin != null) ? this.links.mirrorsOf(twin.id()) : List.of();
		mirrors.addAll(twinMirrors);
		List<String> live = mirrors.stream()
			.filter((mirror) -> !MirrorState.STOPPED.name().equals(mirror.getState()))
			.map(LinkRepository.LinkMirror::getName)
			.toList();
		if (!live.isEmpty() && !force) {
			throw new ApiException(ProblemType.LINK_HAS_MIRRORS,
					"link '" + name + "' has mirror topics that are not " + "STOPPED: " + String.join(", ", live)
							+ "; promote, fail over or delete them, or use force=true")
				.with("link", name)
				.with("mirrors", live);
		}
		// before the delete: the ledger's own connection removes its rows, which the
		// delete's cascade would lock. Should the delete fail after this, ACL sync
		// re-creates the link's ACLs and the worker restores a recorded DENY WRITE it
		// finds missing
		int aclsRemoved = keepAcls ? 0 : this.acls.removeLinkAcls(toView(link));
		if (twin != null) {
			aclsRemoved += keepAcls ? 0 : this.acls.removeLinkAcls(toView(twin));
			this.links.delete(twin);
		}
		this.links.delete(link);
		this.links.flush();
		this.audit.record("link.delete", "link", name, link.id(), link.version(),
				Map.of("force", force, "mirrorsDeleted",
						mirrors.stream().map(LinkRepository.LinkMirror::getName).toList(), "keepAcls", keepAcls,
						"aclsRemoved", aclsRemoved, "mode", mode(link)));
		this.commands
			.publish(new LinkChanged(link.id(), link.version(), this.clock.instant(), Command.Change.DELETED, name));
		if (twin != null) {
			this.commands.publish(new LinkChanged(twin.id(), twin.version(), this.clock.instant(),
					Command.Change.DELETED, twin.name()));
			for (LinkRepository.LinkMirror mirror : twinMirrors) {
				this.commands.publish(new MirrorChanged(mirror.getId(), mirror.getVersion(), this.clock.instant(),
						Command.Change.DELETED, twin.name(), mirror.getName()));
			}
		}
		for (LinkRepository.LinkMirror mirror : forwardMirrors) {
			this.commands.publish(new MirrorChanged(mirror.getId(), mirror.getVersion(), this.clock.instant(),
					Command.Change.DELETED, name, mirror.getName()));
		}
		log.info("link {} deleted{}", name, force ? " (forced, " + mirrors.size() + " mirror(s) removed)" : "");
	}

	/**
	 * Records what the availability check saw; a paused link stays paused.
	 * @param linkId the link
	 * @param source what the source cluster answered
	 * @param destination what the destination cluster answered
	 */
	@Transactional
	public void observeAvailability(UUID linkId, ClusterProbe source, ClusterProbe destination) {
		LinkEntity link = this.links.findById(linkId).orElse(null);
		if (link == null || link.state() == LinkState.PAUSED) {
			return;
		}
		LinkState state = LinkState.ACTIVE;
		String reason = null;
		if (!source.reachable()) {
			state = source.authFailure() ? LinkState.FAILED : LinkState.SOURCE_UNAVAILABLE;
			reason = "source cluster: " + source.error();
		}
		else if (!destination.reachable()) {
			state = destination.authFailure() ? LinkState.FAILED : LinkState.DESTINATION_UNAVAILABLE;
			reason = "destination cluster: " + destination.error();
		}
		LinkState before = link.state();
		if (link.moveTo(state, reason, this.clock.instant())) {
			link = this.links.saveAndFlush(link);
			changed("link.availability", link, null, Map.of("from", before.name(), "to", state.name()),
					before != state);
			log.info("link {}: {} -> {}{}", link.name(), before, state, (reason != null) ? " (" + reason + ")" : "");
		}
	}

	private LinkResponse reconfigure(LinkEntity link, Map<String, String> configs, String action,
			@Nullable String aclDiffToken) {
		LinkConfigs.checkUpdate(link.configs(), configs);
		if (configs.equals(link.configs())) {
			return toResponse(link);
		}
		requireNoFullAclSyncBothWays(configs);
		this.acls.checkReviewed(toView(link), link.name(), link.configs(), configs, aclDiffToken);
		Map<String, String> before = link.configs();
		link.configure(configs, this.clock.instant());
		link = this.links.saveAndFlush(link);
		// both directions of a bidirectional link always carry the same configs
		LinkEntity twin = twin(link);
		if (twin != null) {
			twin.configure(configs, this.clock.instant());
			twin = this.links.saveAndFlush(twin);
		}
		changed(action, link, twin, Map.of("before", before, "after", configs), true);
		log.info("link {} configs changed (version {})", link.name(), link.version());
		return toResponse(link);
	}

	/**
	 * Full ACL sync needs the ACL changes reviewed ({@link LinkAclGuard#checkReviewed}),
	 * and the review covers one direction: a bidirectional link syncs ACLs in
	 * read-replica mode only.
	 */
	private static void requireNoFullAclSyncBothWays(Map<String, String> configs) {
		LinkConfig config = LinkConfig.of(configs);
		if (LinkConfigs.bidirectional(configs) && config.aclSync() && config.fullAclSync()) {
			throw new InvalidLinkConfigException(LinkConfigs.ACL_SYNC_MODE.name(),
					"full ACL sync is not available on a bidirectional link (its review covers one direction); "
							+ "use read-replica",
					List.of());
		}
	}

	private ValidLink validated(LinkRequest request) {
		String problem = Names.resourceNameProblem(request.name());
		if (problem != null) {
			throw ApiException.invalidField("name", problem);
		}
		UUID source = clusterId(request.sourceCluster(), "sourceCluster");
		UUID destination = clusterId(request.destinationCluster(), "destinationCluster");
		if (source.equals(destination)) {
			throw ApiException.invalidField("destinationCluster", "must differ from sourceCluster");
		}
		Map<String, String> configs = LinkConfigs.normalize((request.configs() != null) ? request.configs() : Map.of());
		requireNoFullAclSyncBothWays(configs);
		return new ValidLink(source, destination, configs);
	}

	private UUID clusterId(@Nullable String name, String field) {
		if (name == null || name.isBlank()) {
			throw ApiException.invalidField(field, "must name a registered cluster");
		}
		try {
			return this.clusters.idOf(name);
		}
		catch (ClusterNotFoundException ex) {
			ex.with("field", field);
			throw ex;
		}
	}

	private ClusterCheckResponse reachable(UUID clusterId, String field, String name) {
		ClusterProbe probe = this.gateway.probe(clusterId);
		if (!probe.reachable()) {
			throw new ClusterUnavailableException(name, probe.error()).with("field", field);
		}
		return new ClusterCheckResponse(true, probe.clusterId(), probe.brokerCount(), null);
	}

	private LinkEntity find(String name) {
		// a twin row is never addressed by its own name
		return this.links.findByNameAndTwinOfIsNull(name).orElseThrow(() -> new LinkNotFoundException(name));
	}

	private @Nullable LinkEntity twin(LinkEntity link) {
		return this.links.findByTwinOf(link.id()).orElse(null);
	}

	/** The name users know: a twin row answers with its link's name. */
	private static String linkName(LinkEntity row) {
		return (row.twinOfId() != null && row.name().endsWith(LinkDirection.TWIN_SUFFIX))
				? row.name().substring(0, row.name().length() - LinkDirection.TWIN_SUFFIX.length()) : row.name();
	}

	private static String mode(LinkEntity link) {
		return LinkConfigs.effective(link.configs()).get(LinkConfigs.LINK_MODE.name()).value();
	}

	/**
	 * Audits a change and publishes it, fanned out to the link's mirrors so their owners
	 * reconcile.
	 */
	private void changed(String action, LinkEntity link, @Nullable LinkEntity twin, Map<String, Object> details,
			boolean toMirrors) {
		Map<String, Object> audited = new LinkedHashMap<>(details);
		audited.put("state", link.state().name());
		if (twin != null) {
			// one entry per action, naming the link; its reverse direction changed with
			// it
			audited.put("mode", "BIDIRECTIONAL");
			audited.put("directions", List.of(LinkDirection.FORWARD.wire(), LinkDirection.REVERSE.wire()));
		}
		this.audit.record(action, "link", linkName(link), link.id(), link.version(), audited);
		published(link, toMirrors);
		if (twin != null) {
			published(twin, toMirrors);
		}
	}

	/** Publishes a change of one link row, fanned out to its mirrors. */
	private void published(LinkEntity row, boolean toMirrors) {
		this.commands.publish(
				new LinkChanged(row.id(), row.version(), this.clock.instant(), Command.Change.UPSERTED, row.name()));
		if (toMirrors) {
			for (LinkRepository.LinkMirror mirror : this.links.mirrorsOf(row.id())) {
				this.commands.publish(new MirrorChanged(mirror.getId(), mirror.getVersion(), this.clock.instant(),
						Command.Change.UPSERTED, row.name(), mirror.getName()));
			}
		}
	}

	private LinkResponse toResponse(LinkEntity link) {
		return toResponse(link, this.clusters.names());
	}

	private LinkResponse toResponse(LinkEntity link, Map<UUID, String> clusterNames) {
		LinkEntity twin = LinkConfigs.bidirectional(link.configs()) ? twin(link) : null;
		long mirrorCount = this.links.countMirrors(link.id())
				+ ((twin != null) ? this.links.countMirrors(twin.id()) : 0);
		List<LinkTaskResponse> tasks = new java.util.ArrayList<>(tasks(link, LinkDirection.FORWARD));
		if (twin != null) {
			tasks.addAll(tasks(twin, LinkDirection.REVERSE));
		}
		return new LinkResponse(link.name(), clusterNames.get(link.sourceClusterId()),
				clusterNames.get(link.destinationClusterId()), mode(link), link.state(), link.stateReason(),
				link.stateChangedAt(), LinkConfigs.effective(link.configs()), mirrorCount, tasks, link.version(),
				link.createdAt(), link.updatedAt());
	}

	private List<LinkTaskResponse> tasks(LinkEntity link, LinkDirection direction) {
		return this.links.tasksOf(link.id())
			.stream()
			.map((task) -> new LinkTaskResponse(task.getTask(), task.getState(), task.getReason(),
					task.getLastSuccessAt(), task.getUpdatedAt(), direction.wire()))
			.toList();
	}

	private static LinkView toView(LinkEntity link) {
		boolean twin = link.twinOfId() != null;
		return new LinkView(link.id(), linkName(link), link.sourceClusterId(), link.destinationClusterId(),
				link.state(), link.configs(), link.version(), twin ? LinkDirection.REVERSE : LinkDirection.FORWARD,
				link.name(), twin || LinkConfigs.bidirectional(link.configs()));
	}

	private record ValidLink(UUID sourceClusterId, UUID destinationClusterId, Map<String, String> configs) {
	}

}
