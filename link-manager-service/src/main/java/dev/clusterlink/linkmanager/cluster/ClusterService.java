package dev.clusterlink.linkmanager.cluster;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.command.ClusterChanged;
import dev.clusterlink.command.Command;
import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.kafka.BootstrapServers;
import dev.clusterlink.kafka.ClientPropertyPolicy;
import dev.clusterlink.model.Names;
import dev.clusterlink.linkmanager.audit.AuditLog;
import dev.clusterlink.linkmanager.command.CommandPublisher;
import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.linkmanager.web.Preconditions;
import dev.clusterlink.linkmanager.web.ProblemType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers Kafka clusters: validation, secret encryption, persistence, audit and
 * commands.
 */
@Service
public class ClusterService {

	private static final Logger log = LoggerFactory.getLogger(ClusterService.class);

	private final ClusterRepository clusters;

	private final ClusterGateway gateway;

	private final SecretCipher cipher;

	private final AuditLog audit;

	private final CommandPublisher commands;

	private final Clock clock;

	private final ClusterAddressCheck addresses;

	ClusterService(ClusterRepository clusters, ClusterGateway gateway, SecretCipher cipher, AuditLog audit,
			CommandPublisher commands, Clock clock, ClusterAddressCheck addresses) {
		this.addresses = addresses;
		this.clusters = clusters;
		this.gateway = gateway;
		this.cipher = cipher;
		this.audit = audit;
		this.commands = commands;
		this.clock = clock;
	}

	@Transactional
	public ClusterResponse create(ClusterRequest request) {
		String name = request.name();
		String problem = Names.resourceNameProblem(name);
		if (problem != null) {
			throw ApiException.invalidField("name", problem);
		}
		Map<String, String> properties = validated(request, Map.of());
		boolean insecureSasl = insecureSaslAccepted(request, properties, false);
		if (this.clusters.findByName(name).isPresent()) {
			throw new ApiException(ProblemType.CLUSTER_EXISTS, "a cluster named '" + name + "' already exists")
				.with("cluster", name);
		}
		ClusterEntity cluster = new ClusterEntity(UUID.randomUUID(), name, this.clock.instant());
		ClusterSecrets.store(cluster, request.bootstrapServers().trim(), properties, this.cipher, this.clock.instant());
		cluster.acceptInsecureSasl(insecureSasl);
		cluster = this.clusters.saveAndFlush(cluster);
		changed("cluster.create", cluster, Command.Change.UPSERTED);
		log.info("cluster {} registered ({})", name, cluster.bootstrapServers());
		return toResponse(cluster);
	}

	@Transactional
	public ClusterResponse update(String name, ClusterRequest request, @Nullable String ifMatch) {
		ClusterEntity cluster = find(name);
		Preconditions.checkIfMatch(ifMatch, cluster.version());
		Preconditions.checkVersion(request.version(), cluster.version());
		if (request.name() != null && !request.name().equals(name)) {
			throw ApiException.invalidField("name",
					"must match the cluster name in the path (clusters cannot be renamed)");
		}
		Map<String, String> properties = validated(request, cluster.secretProperties());
		boolean insecureSasl = insecureSaslAccepted(request, properties, cluster.insecureSaslAccepted());
		ClusterSecrets.store(cluster, request.bootstrapServers().trim(), properties, this.cipher, this.clock.instant());
		cluster.acceptInsecureSasl(insecureSasl);
		cluster = this.clusters.saveAndFlush(cluster);
		this.gateway.evict(cluster.id());
		changed("cluster.update", cluster, Command.Change.UPSERTED);
		log.info("cluster {} updated (version {})", name, cluster.version());
		return toResponse(cluster);
	}

	@Transactional
	public void delete(String name, @Nullable String ifMatch) {
		ClusterEntity cluster = find(name);
		Preconditions.checkIfMatch(ifMatch, cluster.version());
		List<String> links = this.clusters.linksUsing(cluster.id());
		if (!links.isEmpty()) {
			throw new ApiException(ProblemType.CLUSTER_IN_USE,
					"cluster '" + name + "' is used by link(s) " + String.join(", ", links) + "; delete them first")
				.with("cluster", name)
				.with("links", links);
		}
		this.clusters.delete(cluster);
		this.clusters.flush();
		this.gateway.evict(cluster.id());
		changed("cluster.delete", cluster, Command.Change.DELETED);
		log.info("cluster {} deleted", name);
	}

	@Transactional(readOnly = true)
	public ClusterResponse get(String name) {
		return toResponse(find(name));
	}

	/**
	 * A page of the clusters, by name; paged in the query.
	 * @param page page number, from 0
	 * @param size page size, from 1 (clamped to {@link PageResponse#MAX_SIZE})
	 * @return the page
	 */
	@Transactional(readOnly = true)
	public PageResponse<ClusterResponse> list(int page, int size) {
		return PageResponse.of(this.clusters.findAllBy(Paging.request(page, size, Sort.by("name"))),
				ClusterService::toResponse);
	}

	/** Checks that a cluster answers the Admin API. */
	public ClusterCheckResponse check(String name) {
		return this.gateway.probe(idOf(name)).toResponse();
	}

	/**
	 * The id of a registered cluster.
	 * @param name the cluster name
	 * @return its id
	 * @throws ClusterNotFoundException when there is none
	 */
	@Transactional(readOnly = true)
	public UUID idOf(String name) {
		return find(name).id();
	}

	/** The names of clusters by id (for responses of other features). */
	@Transactional(readOnly = true)
	public Map<UUID, String> names() {
		Map<UUID, String> names = new HashMap<>();
		this.clusters.findAll().forEach((cluster) -> names.put(cluster.id(), cluster.name()));
		return names;
	}

	/**
	 * Re-encrypts every secret that was encrypted under an older key with the current
	 * key.
	 * @return the number of clusters changed
	 */
	@Transactional
	public int reencryptSecrets() {
		int changed = 0;
		for (ClusterEntity cluster : this.clusters.findAll()) {
			if (cluster.secretProperties().values().stream().allMatch(this.cipher::isCurrent)) {
				continue;
			}
			Map<String, String> plain = new HashMap<>(cluster.properties());
			cluster.secretProperties()
				.forEach((key, token) -> plain.put(key,
						this.cipher.decrypt(token, ClusterSecrets.context(cluster, key))));
			ClusterSecrets.store(cluster, cluster.bootstrapServers(), plain, this.cipher, this.clock.instant());
			this.clusters.saveAndFlush(cluster);
			this.audit.record("cluster.reencrypt-secrets", "cluster", cluster.name(), cluster.id(), cluster.version(),
					Map.of("keyId", this.cipher.currentKeyId()));
			changed++;
		}
		if (changed > 0) {
			log.info("re-encrypted the secrets of {} cluster(s) under key id {}", changed, this.cipher.currentKeyId());
		}
		return changed;
	}

	private Map<String, String> validated(ClusterRequest request, Map<String, String> storedSecrets) {
		String bootstrapProblem = BootstrapServers.problem(request.bootstrapServers());
		if (bootstrapProblem != null) {
			throw ApiException.invalidField("bootstrapServers", bootstrapProblem);
		}
		Map<String, String> properties = (request.properties() != null) ? request.properties() : Map.of();
		this.addresses.check(request.bootstrapServers(), properties);
		Map<String, String> toCheck = new HashMap<>(properties);
		// a secret sent back as [hidden] keeps the stored value, which was checked when
		// it was stored
		toCheck.entrySet()
			.removeIf((entry) -> ClientPropertyPolicy.HIDDEN.equals(entry.getValue())
					&& storedSecrets.containsKey(entry.getKey()));
		ClientPropertyPolicy.check(toCheck);
		return properties;
	}

	/**
	 * The SASL-over-plaintext rule (issue 12): {@code SASL_PLAINTEXT} sends credentials
	 * in the clear, so it needs the operator's explicit {@code acceptInsecureSasl}.
	 * @return the flag to store
	 */
	private static boolean insecureSaslAccepted(ClusterRequest request, Map<String, String> properties,
			boolean stored) {
		boolean accepted = (request.acceptInsecureSasl() != null) ? request.acceptInsecureSasl() : stored;
		String protocol = properties.getOrDefault("security.protocol", "PLAINTEXT").trim().toUpperCase(Locale.ROOT);
		if (protocol.equals("SASL_PLAINTEXT") && !accepted) {
			throw ApiException.invalidField("properties.security.protocol",
					"SASL_PLAINTEXT sends the credentials in the clear; use SASL_SSL, or set acceptInsecureSasl: true"
							+ " to accept it for this cluster");
		}
		return accepted;
	}

	private ClusterEntity find(String name) {
		return this.clusters.findByName(name).orElseThrow(() -> new ClusterNotFoundException(name));
	}

	private void changed(String action, ClusterEntity cluster, Command.Change change) {
		Map<String, Object> details = new HashMap<>();
		details.put("bootstrapServers", cluster.bootstrapServers());
		details.put("propertyKeys", ClusterSecrets.visible(cluster).keySet());
		this.audit.record(action, "cluster", cluster.name(), cluster.id(), cluster.version(), details);
		this.commands
			.publish(new ClusterChanged(cluster.id(), cluster.version(), this.clock.instant(), change, cluster.name()));
	}

	private static ClusterResponse toResponse(ClusterEntity cluster) {
		return new ClusterResponse(cluster.name(), cluster.bootstrapServers(), ClusterSecrets.visible(cluster),
				cluster.version(), cluster.createdAt(), cluster.updatedAt(), cluster.insecureSaslAccepted());
	}

}
