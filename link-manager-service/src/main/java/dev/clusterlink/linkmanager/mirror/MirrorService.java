package dev.clusterlink.linkmanager.mirror;

import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.clusterlink.command.Command;
import dev.clusterlink.command.MirrorChanged;
import dev.clusterlink.linkmanager.audit.AuditLog;
import dev.clusterlink.linkmanager.cluster.ClusterGateway;
import dev.clusterlink.linkmanager.command.CommandPublisher;
import dev.clusterlink.linkmanager.link.LinkAclGuard;
import dev.clusterlink.linkmanager.link.LinkDirection;
import dev.clusterlink.linkmanager.link.LinkService;
import dev.clusterlink.linkmanager.link.LinkView;
import dev.clusterlink.linkmanager.mirror.MirrorLocator.Located;
import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.linkmanager.web.Preconditions;
import dev.clusterlink.linkmanager.web.ProblemType;
import dev.clusterlink.model.MirrorAction;
import dev.clusterlink.model.MirrorLifecycle;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.MirrorTransition;
import dev.clusterlink.model.Names;
import dev.clusterlink.model.OffsetMode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mirror topics: creation (after checking both clusters), lifecycle requests checked
 * against the state machine, deletion, and the status read API. Admin calls to the
 * clusters happen outside database transactions; each change is one transaction with its
 * audit row and its command.
 */
@Service
public class MirrorService {

	private static final Logger log = LoggerFactory.getLogger(MirrorService.class);

	/** Names repeat across links, so the id makes the order total. */
	private static final Sort BY_NAME = Sort.by("name", "id");

	private final MirrorRepository mirrors;

	private final MirrorLocator locator;

	private final MirrorPartitionRepository partitions;

	private final LinkService links;

	private final ClusterGateway gateway;

	private final AuditLog audit;

	private final CommandPublisher commands;

	private final TransactionTemplate transactions;

	private final OffsetTranslations translations;

	private final TransactionTemplate reads;

	private final MirrorOwners owners;

	private final Clock clock;

	private final LinkAclGuard acls;

	private final VerificationStore verifications;

	MirrorService(MirrorRepository mirrors, MirrorPartitionRepository partitions, LinkService links,
			ClusterGateway gateway, AuditLog audit, CommandPublisher commands, PlatformTransactionManager txManager,
			OffsetTranslations translations, MirrorOwners owners, Clock clock, LinkAclGuard acls,
			VerificationStore verifications, MirrorLocator locator) {
		this.locator = locator;
		this.acls = acls;
		this.verifications = verifications;
		this.mirrors = mirrors;
		this.partitions = partitions;
		this.links = links;
		this.gateway = gateway;
		this.audit = audit;
		this.commands = commands;
		this.transactions = new TransactionTemplate(txManager);
		this.reads = new TransactionTemplate(txManager);
		this.reads.setReadOnly(true);
		this.translations = translations;
		this.owners = owners;
		this.clock = clock;
	}

	/**
	 * Creates a mirror topic in state PENDING; the mirror worker sets it up.
	 * @param linkName the link
	 * @param request the source topic and, optionally, the mirror topic name
	 * @return the mirror
	 */
	public MirrorResponse create(String linkName, MirrorRequest request) {
		LinkDirection direction = LinkDirection.parse(request.direction());
		LinkView link = this.links.view(linkName, (direction != null) ? direction : LinkDirection.FORWARD);
		String sourceTopic = request.sourceTopic();
		String problem = Names.topicNameProblem(sourceTopic);
		if (problem != null) {
			throw ApiException.invalidField("sourceTopic", problem);
		}
		if (sourceTopic.startsWith("__")) {
			throw ApiException.invalidField("sourceTopic", "Kafka's internal topics cannot be mirrored");
		}
		String mirrorTopic = (request.mirrorTopic() != null) ? request.mirrorTopic()
				: link.config().mirrorTopicFor(sourceTopic);
		problem = Names.topicNameProblem(mirrorTopic);
		if (problem != null) {
			throw ApiException.invalidField("mirrorTopic", problem);
		}
		requireNoMirror(link, sourceTopic, mirrorTopic);
		requireNotAMirror(link, sourceTopic);
		if (this.gateway.describeTopic(link.sourceClusterId(), sourceTopic).isEmpty()) {
			throw new ApiException(ProblemType.SOURCE_TOPIC_NOT_FOUND, "the source cluster of link '" + linkName + "' ("
					+ link.direction().wire() + ") has no topic '" + sourceTopic + "'")
				.with("field", "sourceTopic")
				.with("sourceTopic", sourceTopic);
		}
		if (this.gateway.describeTopic(link.destinationClusterId(), mirrorTopic).isPresent()) {
			throw new ApiException(ProblemType.DESTINATION_TOPIC_EXISTS,
					"topic '" + mirrorTopic
							+ "' already exists on the destination cluster; a mirror topic must be created by the link")
				.with("field", "mirrorTopic")
				.with("mirrorTopic", mirrorTopic);
		}
		MirrorEntity created = this.transactions.execute((status) -> {
			requireNoMirror(link, sourceTopic, mirrorTopic);
			MirrorEntity mirror = this.mirrors.saveAndFlush(new MirrorEntity(UUID.randomUUID(), link.id(),
					link.destinationClusterId(), mirrorTopic, sourceTopic, this.clock.instant()));
			changed("mirror.create", link, mirror, Map.of("sourceTopic", sourceTopic), Command.Change.UPSERTED);
			return mirror;
		});
		log.info("mirror {}/{} ({}) created from source topic {}", linkName, mirrorTopic, link.direction().wire(),
				sourceTopic);
		return toResponse(link, Objects.requireNonNull(created), List.of(), null, null);
	}

	/**
	 * The names of a link's mirror topics, sorted.
	 * @param linkName the link
	 * @return the names
	 * @throws dev.clusterlink.linkmanager.link.LinkNotFoundException when there is no
	 * such link
	 */
	public List<String> names(String linkName) {
		return Objects.requireNonNull(this.reads.execute((status) -> this.links.directions(linkName)
			.stream()
			.flatMap((link) -> this.mirrors.findByLinkIdOrderByNameAsc(link.id()).stream())
			.map(MirrorEntity::name)
			.distinct()
			.sorted()
			.toList()));
	}

	/** Whether a link already mirrors a source topic (auto-creation skips those). */
	public boolean mirrors(LinkView link, String sourceTopic) {
		return Boolean.TRUE.equals(this.reads
			.execute((status) -> this.mirrors.findByLinkIdAndSourceTopic(link.id(), sourceTopic).isPresent()));
	}

	public MirrorResponse get(String linkName, String mirrorName) {
		return get(linkName, mirrorName, null);
	}

	/**
	 * A mirror of a link, in either direction ({@link #locate}).
	 * @param linkName the link
	 * @param mirrorName the mirror topic
	 * @param direction the direction to look in, or {@code null} for either
	 * @return the mirror
	 */
	public MirrorResponse get(String linkName, String mirrorName, @Nullable LinkDirection direction) {
		return this.reads.execute((status) -> {
			Located found = locate(linkName, mirrorName, direction);
			MirrorEntity mirror = found.mirror();
			return toResponse(found.link(), mirror, partitionsOf(List.of(mirror.id())),
					this.owners.of(List.of(mirror.id())).get(mirror.id()),
					this.verifications.latest(List.of(mirror.id())).get(mirror.id()));
		});
	}

	/**
	 * The destination offset holding the copy of a source record.
	 * @param linkName the link
	 * @param mirrorName the mirror topic
	 * @param partition the partition
	 * @param sourceOffset the source offset
	 * @return the translation
	 */
	public TranslationResponse translate(String linkName, String mirrorName, int partition, long sourceOffset,
			@Nullable LinkDirection direction) {
		MirrorEntity mirror = this.reads.execute((status) -> locate(linkName, mirrorName, direction).mirror());
		return this.translations.translate(mirror.id(), mirror.name(), partition, sourceOffset);
	}

	/**
	 * A page of a link's mirror topics, by name; paged in the query.
	 * @param linkName the link
	 * @param states only mirrors in these states, or every mirror when empty
	 * @param page page number, from 0
	 * @param size page size, from 1 (clamped to {@link PageResponse#MAX_SIZE})
	 * @return the page
	 */
	public PageResponse<MirrorResponse> list(String linkName, Collection<MirrorState> states, int page, int size) {
		PageRequest request = Paging.request(page, size, BY_NAME);
		return this.reads.execute((status) -> {
			// both directions of a bidirectional link
			Map<UUID, LinkView> directions = this.links.directions(linkName)
				.stream()
				.collect(Collectors.toMap(LinkView::id, (link) -> link));
			Page<MirrorEntity> found = states.isEmpty() ? this.mirrors.findByLinkIdIn(directions.keySet(), request)
					: this.mirrors.findByLinkIdInAndStateIn(directions.keySet(), states, request);
			return responses(found, directions);
		});
	}

	/**
	 * A page of the mirror topics of every link, by name (then id, as two links may
	 * mirror to the same name on different clusters); paged in the query.
	 * @param visibleLinks only mirrors of these links (a key limited to named links), or
	 * {@code null} for every link
	 * @param states only mirrors in these states, or every mirror when empty
	 * @param page page number, from 0
	 * @param size page size, from 1 (clamped to {@link PageResponse#MAX_SIZE})
	 * @return the page
	 */
	public PageResponse<MirrorResponse> listAll(@Nullable Collection<String> visibleLinks,
			Collection<MirrorState> states, int page, int size) {
		PageRequest request = Paging.request(page, size, BY_NAME);
		return this.reads.execute((status) -> {
			Page<MirrorEntity> found;
			if (visibleLinks == null) {
				found = states.isEmpty() ? this.mirrors.findAllBy(request)
						: this.mirrors.findByStateIn(states, request);
			}
			else {
				Collection<UUID> linkIds = this.links.idsOf(visibleLinks);
				// "in ()" is not valid SQL: no visible link becomes an id no link has
				Collection<UUID> ids = linkIds.isEmpty() ? List.of(new UUID(0, 0)) : linkIds;
				found = states.isEmpty() ? this.mirrors.findByLinkIdIn(ids, request)
						: this.mirrors.findByLinkIdInAndStateIn(ids, states, request);
			}
			Map<UUID, LinkView> links = this.links
				.viewsOf(found.getContent().stream().map(MirrorEntity::linkId).collect(Collectors.toSet()));
			return responses(found, links);
		});
	}

	/**
	 * Applies a lifecycle request, or with {@code dryRun} reports what it would do.
	 * @param linkName the link
	 * @param mirrorName the mirror topic
	 * @param action the request
	 * @param dryRun change nothing
	 * @param acknowledgeDataLoss the operator accepts the loss behind a fail-closed state
	 * (resume only)
	 * @param ifMatch optional If-Match header
	 * @return what happened
	 */
	public MirrorActionResponse act(String linkName, String mirrorName, MirrorAction action, boolean dryRun,
			boolean acknowledgeDataLoss, @Nullable String ifMatch) {
		return act(linkName, mirrorName, null, action, dryRun, acknowledgeDataLoss, ifMatch);
	}

	/**
	 * Applies a lifecycle request to a mirror in a given direction, or in either
	 * ({@link #locate}).
	 * @param linkName the link
	 * @param mirrorName the mirror topic
	 * @param direction the direction to look in, or {@code null} for either
	 * @param action the request
	 * @param dryRun change nothing
	 * @param acknowledgeDataLoss the operator accepts the loss behind a fail-closed state
	 * (resume only)
	 * @param ifMatch optional If-Match header
	 * @return what happened
	 */
	public MirrorActionResponse act(String linkName, String mirrorName, @Nullable LinkDirection direction,
			MirrorAction action, boolean dryRun, boolean acknowledgeDataLoss, @Nullable String ifMatch) {
		return Objects.requireNonNull(this.transactions.execute((status) -> {
			Located found = locate(linkName, mirrorName, direction);
			LinkView link = found.link();
			MirrorEntity mirror = found.mirror();
			Preconditions.checkIfMatch(ifMatch, mirror.version());
			MirrorState from = mirror.state();
			String previousReason = mirror.stateReason();
			MirrorTransition transition = MirrorLifecycle.apply(action, from, mirror.stoppedBy(), acknowledgeDataLoss);
			if (!dryRun && transition.changed()) {
				mirror.apply(transition, reason(action, from, previousReason), this.clock.instant());
				mirror = this.mirrors.saveAndFlush(mirror);
				Map<String, Object> details = new HashMap<>();
				details.put("from", from.name());
				details.put("to", transition.to().name());
				if (acknowledgeDataLoss && from.isFailClosed()) {
					details.put("acknowledgedDataLoss", String.valueOf(previousReason));
				}
				changed("mirror." + action.verb(), link, mirror, details, Command.Change.UPSERTED);
				log.info("mirror {}/{}: {} requested ({} -> {})", link.name(), mirror.name(), action.verb(), from,
						transition.to());
			}
			List<PartitionResponse> rows = partitionsOf(List.of(mirror.id()));
			return new MirrorActionResponse(link.name(), mirror.name(), action.verb(), dryRun, from, transition.to(),
					transition.stoppedBy(), transition.changed(), transition.note(), maxLag(rows), rows,
					mirror.version());
		}));
	}

	/**
	 * Deletes a mirror: mirroring stops; the destination topic is kept unless
	 * {@code deleteTopic}. First the ACLs the link's ACL sync created on the mirror topic
	 * and the mirror's DENY WRITE ACLs are removed (each audited), unless
	 * {@code keepAcls}; when the destination cannot remove them the mirror is not
	 * deleted.
	 * @param linkName the link
	 * @param mirrorName the mirror topic
	 * @param deleteTopic also delete the destination topic
	 * @param keepAcls leave the mirror's ACLs on the destination
	 * @param ifMatch optional If-Match header
	 */
	public void delete(String linkName, String mirrorName, boolean deleteTopic, boolean keepAcls,
			@Nullable String ifMatch) {
		delete(linkName, mirrorName, null, deleteTopic, keepAcls, ifMatch);
	}

	/**
	 * Deletes a mirror in a given direction, or in either ({@link #locate}); see
	 * {@link #delete(String, String, boolean, boolean, String)}.
	 * @param linkName the link
	 * @param mirrorName the mirror topic
	 * @param direction the direction to look in, or {@code null} for either
	 * @param deleteTopic also delete the destination topic
	 * @param keepAcls leave the mirror's ACLs on the destination
	 * @param ifMatch optional If-Match header
	 */
	public void delete(String linkName, String mirrorName, @Nullable LinkDirection direction, boolean deleteTopic,
			boolean keepAcls, @Nullable String ifMatch) {
		this.transactions.executeWithoutResult((status) -> {
			Located found = locate(linkName, mirrorName, direction);
			LinkView link = found.link();
			MirrorEntity mirror = found.mirror();
			Preconditions.checkIfMatch(ifMatch, mirror.version());
			this.mirrors.delete(mirror);
			this.mirrors.flush();
			if (deleteTopic) {
				// inside the transaction: when the topic cannot be deleted, the mirror is
				// not deleted either
				this.gateway.deleteTopic(mirror.destinationClusterId(), mirror.name());
			}
			// last of the steps that may fail: ACLs removed from the destination cannot
			// be
			// rolled back, so nothing else may fail after them (should the commit fail,
			// the worker restores a recorded DENY WRITE it finds missing). The ledger
			// writes on a connection of its own; the mirror's delete locks none of its
			// rows
			int aclsRemoved = keepAcls ? 0 : this.acls.removeMirrorAcls(link, mirror.id(), mirror.name());
			changed("mirror.delete", link, mirror,
					Map.of("deleteTopic", deleteTopic, "keepAcls", keepAcls, "aclsRemoved", aclsRemoved),
					Command.Change.DELETED);
		});
		log.info("mirror {}/{} deleted{}", linkName, mirrorName, deleteTopic ? " with its destination topic" : "");
	}

	/**
	 * A topic that is itself a mirror is never mirrored, whatever the link: the store
	 * knows every mirror topic, so two links between the same clusters (or a link with a
	 * prefix on one cluster) cannot copy records round in a cycle. A STOPPED mirror's
	 * topic is an ordinary topic again (a failback mirrors it back).
	 */
	private void requireNotAMirror(LinkView link, String sourceTopic) {
		this.mirrors.findByDestinationClusterIdAndName(link.sourceClusterId(), sourceTopic)
			.filter((mirror) -> mirror.state() != MirrorState.STOPPED)
			.ifPresent((mirror) -> {
				throw new ApiException(ProblemType.SOURCE_IS_MIRROR,
						"topic '" + sourceTopic + "' on the source cluster is itself a mirror topic (state "
								+ mirror.state() + "); mirroring it would copy records round in a cycle")
					.with("field", "sourceTopic")
					.with("sourceTopic", sourceTopic);
			});
	}

	private void requireNoMirror(LinkView link, String sourceTopic, String mirrorTopic) {
		if (this.mirrors.existsByDestinationClusterIdAndName(link.destinationClusterId(), mirrorTopic)) {
			throw new ApiException(ProblemType.MIRROR_EXISTS,
					"a mirror topic named '" + mirrorTopic + "' already exists on the destination cluster")
				.with("field", "mirrorTopic")
				.with("mirrorTopic", mirrorTopic);
		}
		this.mirrors.findByLinkIdAndSourceTopic(link.id(), sourceTopic).ifPresent((existing) -> {
			throw new ApiException(ProblemType.MIRROR_EXISTS,
					"link '" + link.name() + "' already mirrors '" + sourceTopic + "' as '" + existing.name() + "'")
				.with("field", "sourceTopic")
				.with("mirrorTopic", existing.name());
		});
	}

	/**
	 * Finds a mirror of a link in the direction given, or in either
	 * ({@link MirrorLocator}).
	 * @param linkName the link
	 * @param mirrorName the mirror topic
	 * @param direction the direction to look in, or {@code null} for either
	 * @return the mirror and the direction it is in
	 */
	Located locate(String linkName, String mirrorName, @Nullable LinkDirection direction) {
		return this.locator.locate(linkName, mirrorName, direction);
	}

	private void changed(String action, LinkView link, MirrorEntity mirror, Map<String, Object> details,
			Command.Change change) {
		Map<String, Object> audited = new HashMap<>(details);
		audited.put("state", mirror.state().name());
		audited.put("direction", link.direction().wire());
		this.audit.record(action, "mirror", link.name() + "/" + mirror.name(), mirror.id(), mirror.version(), audited);
		// the command names the link row: the reverse direction's services know the twin
		this.commands.publish(new MirrorChanged(mirror.id(), mirror.version(), this.clock.instant(), change,
				link.rowName(), mirror.name()));
	}

	private static String reason(MirrorAction action, MirrorState from, @Nullable String previousReason) {
		return switch (action) {
			case PAUSE -> "paused by an operator";
			case RESUME ->
				from.isFailClosed() ? "resumed by an operator who acknowledged " + from + ": " + previousReason
						: "resumed by an operator";
			case PROMOTE -> "promotion requested: waiting for lag 0 on every partition";
			case FAILOVER -> "failover requested: stopping at once";
		};
	}

	private PageResponse<MirrorResponse> responses(Page<MirrorEntity> page, Map<UUID, LinkView> links) {
		List<MirrorEntity> found = page.getContent();
		List<UUID> ids = found.stream().map(MirrorEntity::id).toList();
		Map<UUID, MirrorOwner> owners = this.owners.of(ids);
		Map<UUID, VerificationResponse.Summary> verified = this.verifications.latest(ids);
		Map<UUID, List<PartitionResponse>> rows = this.partitions.findByMirrorIdInOrderByPartitionAsc(ids)
			.stream()
			.collect(Collectors.groupingBy(MirrorPartitionEntity::mirrorId,
					Collectors.mapping(MirrorPartitionEntity::toResponse, Collectors.toList())));
		return PageResponse.of(page, (mirror) -> toResponse(links.get(mirror.linkId()), mirror,
				rows.getOrDefault(mirror.id(), List.of()), owners.get(mirror.id()), verified.get(mirror.id())));
	}

	private List<PartitionResponse> partitionsOf(List<UUID> mirrorIds) {
		return this.partitions.findByMirrorIdInOrderByPartitionAsc(mirrorIds)
			.stream()
			.map(MirrorPartitionEntity::toResponse)
			.toList();
	}

	private static MirrorResponse toResponse(LinkView link, MirrorEntity mirror, List<PartitionResponse> rows,
			@Nullable MirrorOwner owner, VerificationResponse.@Nullable Summary lastVerification) {
		OffsetMode mode = rows.stream()
			.map(PartitionResponse::offsetMode)
			.filter(Objects::nonNull)
			.map(OffsetMode::valueOf)
			.reduce(OffsetMode::widen)
			.orElse(null);
		return new MirrorResponse(link.name(), link.direction().wire(), mirror.name(), mirror.sourceTopic(),
				mirror.state(), mirror.stateReason(), mirror.stoppedBy(), mirror.stateChangedAt(), mode, maxLag(rows),
				rows, owner, mirror.warnings(), mirror.stoppedAt(), mirror.failoverReport(), mirror.version(),
				mirror.createdAt(), mirror.updatedAt(), lastVerification);
	}

	private static @Nullable Long maxLag(List<PartitionResponse> rows) {
		return rows.stream()
			.map(PartitionResponse::lag)
			.filter(Objects::nonNull)
			.max(Comparator.naturalOrder())
			.orElse(null);
	}

}
