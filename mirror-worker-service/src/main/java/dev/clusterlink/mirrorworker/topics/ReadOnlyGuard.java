package dev.clusterlink.mirrorworker.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.store.LinkRow;
import dev.clusterlink.store.MirrorRow;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Read-only protection of mirror topics (DESIGN.md §4). Vanilla Kafka cannot say "deny
 * everyone but the link" (DENY beats ALLOW, super users bypass ACLs), so: verify-on-ack
 * catches any foreign write; this class warns about destination ACLs that let other
 * principals write to a mirror, and gives the principals an operator lists
 * ({@code mirror.deny.write.principals}) a DENY WRITE ACL on every mirror until it is
 * promoted or failed over.
 */
@Component
public class ReadOnlyGuard {

	private static final Logger log = LoggerFactory.getLogger(ReadOnlyGuard.class);

	private static final AclBindingFilter TOPIC_ALLOWS = new AclBindingFilter(
			new ResourcePatternFilter(ResourceType.TOPIC, null, PatternType.ANY),
			new AccessControlEntryFilter(null, null, AclOperation.ANY, AclPermissionType.ALLOW));

	private static final Pattern USERNAME = Pattern.compile("username=\"([^\"]+)\"");

	private final ClusterAdmins clusters;

	private final WorkerProperties properties;

	private final dev.clusterlink.mirrorworker.state.MirrorStateStore states;

	ReadOnlyGuard(ClusterAdmins clusters, WorkerProperties properties,
			dev.clusterlink.mirrorworker.state.MirrorStateStore states) {
		this.clusters = clusters;
		this.properties = properties;
		this.states = states;
	}

	/**
	 * The ALLOW ACLs on topics of a link's destination, read once for all its mirrors.
	 * @param link the link
	 * @return the ACLs, or why they could not be read
	 */
	public Writers writers(LinkRow link) {
		Admin destination = this.clusters.admin(link.destinationClusterId());
		try {
			return new Writers(List.copyOf(
					Topics.get(destination.describeAcls(TOPIC_ALLOWS).values(), this.properties.adminTimeout())), null);
		}
		catch (Topics.AdminFailure ex) {
			return new Writers(List.of(), ex);
		}
	}

	/**
	 * Keeps the DENY WRITE ACLs of a mirror in line with the link's list, and returns the
	 * read-only warnings for the mirror's status.
	 * @param mirror the mirror
	 * @param link its link
	 * @param lease its lease
	 * @param writers the destination's topic ACLs ({@link #writers})
	 * @return the warnings
	 */
	public List<String> check(MirrorRow mirror, LinkRow link, dev.clusterlink.mirrorworker.ownership.Lease lease,
			Writers writers) {
		Admin destination = this.clusters.admin(link.destinationClusterId());
		Duration timeout = this.properties.adminTimeout();
		List<String> warnings = new ArrayList<>();
		try {
			syncDenyAcls(mirror, link, lease, destination, timeout);
			if (writers.failure() != null) {
				throw writers.failure();
			}
			Set<String> others = new TreeSet<>();
			String linkPrincipal = linkPrincipal(this.clusters.connection(link.destinationClusterId()));
			AclBindingFilter ofMirror = writersOf(mirror.name());
			for (AclBinding binding : writers.acls()) {
				String principal = binding.entry().principal();
				AclOperation operation = binding.entry().operation();
				boolean writes = operation == AclOperation.WRITE || operation == AclOperation.ALL;
				if (writes && ofMirror.matches(binding) && !principal.equals(linkPrincipal)) {
					others.add(principal + " (" + binding.entry().operation() + " on " + binding.pattern().patternType()
							+ " " + binding.pattern().name() + ")");
				}
			}
			if (!others.isEmpty()) {
				warnings.add("destination ACLs let other principals write to this mirror topic: "
						+ String.join(", ", others)
						+ "; a write by them halts the mirror (OFFSET_DIVERGED). List them in mirror.deny.write.principals "
						+ "or remove the ACLs");
			}
		}
		catch (Topics.AdminFailure ex) {
			if (ex.getCause() instanceof SecurityDisabledException) {
				warnings
					.add("the destination cluster has no authorizer: any client can write to mirror topics; a foreign "
							+ "write halts the mirror (OFFSET_DIVERGED)");
			}
			else {
				log.debug("read-only check of {}/{} failed: {}", mirror.linkName(), mirror.name(),
						KafkaErrors.describe(ex, List.of()));
			}
		}
		return warnings;
	}

	/**
	 * Removes the DENY WRITE ACLs the link added to a mirror (at promote and failover).
	 */
	public void removeDenyAcls(MirrorRow mirror, LinkRow link, dev.clusterlink.mirrorworker.ownership.Lease lease) {
		List<String> principals = this.states.denyPrincipals(mirror.id());
		if (principals.isEmpty()) {
			return;
		}
		try {
			Admin destination = this.clusters.admin(link.destinationClusterId());
			Topics.get(destination
				.deleteAcls(principals.stream().map((p) -> denyWrite(mirror.name(), p).toFilter()).toList())
				.all(), this.properties.adminTimeout());
			this.states.recordDenyPrincipals(lease, List.of());
			log.info("mirror {}/{}: DENY WRITE removed for {}", mirror.linkName(), mirror.name(), principals);
		}
		catch (RuntimeException ex) {
			log.warn("mirror {}/{}: removing DENY WRITE ACLs failed, they stay: {}", mirror.linkName(), mirror.name(),
					ex.getMessage());
		}
	}

	/**
	 * Creates the DENY WRITE ACLs the link's list asks for and removes those it no longer
	 * does. Only ACLs the link created are recorded (and so ever removed, here, at
	 * promote and failover, or when the mirror or link is deleted): a DENY WRITE that
	 * exists already on the destination (made by hand) is neither created again nor
	 * recorded.
	 */
	private void syncDenyAcls(MirrorRow mirror, LinkRow link, dev.clusterlink.mirrorworker.ownership.Lease lease,
			Admin destination, Duration timeout) {
		List<String> wanted = link.config().denyWritePrincipals();
		List<String> present = this.states.denyPrincipals(mirror.id());
		if (wanted.equals(present)) {
			return;
		}
		List<String> missing = wanted.stream().filter((p) -> !present.contains(p)).toList();
		List<String> toCreate = List.of();
		if (!missing.isEmpty()) {
			Set<AclBinding> existing = Set
				.copyOf(Topics.get(destination.describeAcls(denyWritesOf(mirror.name())).values(), timeout));
			toCreate = missing.stream().filter((p) -> !existing.contains(denyWrite(mirror.name(), p))).toList();
		}
		if (!toCreate.isEmpty()) {
			Topics.get(destination.createAcls(toCreate.stream().map((p) -> denyWrite(mirror.name(), p)).toList()).all(),
					timeout);
		}
		List<String> stale = present.stream().filter((p) -> !wanted.contains(p)).toList();
		if (!stale.isEmpty()) {
			Topics
				.get(destination.deleteAcls(stale.stream().map((p) -> denyWrite(mirror.name(), p).toFilter()).toList())
					.all(), timeout);
		}
		List<String> created = new ArrayList<>();
		for (String principal : wanted) {
			if (present.contains(principal) || toCreate.contains(principal)) {
				created.add(principal);
			}
		}
		if (created.equals(present)) {
			return; // every missing one was made by hand: nothing of the link's changed
		}
		this.states.recordDenyPrincipals(lease, created);
		log.info("mirror {}/{}: DENY WRITE for {} (made by the link: {})", mirror.linkName(), mirror.name(), wanted,
				created);
	}

	private static AclBindingFilter denyWritesOf(String topic) {
		return new AclBindingFilter(new ResourcePatternFilter(ResourceType.TOPIC, topic, PatternType.LITERAL),
				new AccessControlEntryFilter(null, null, AclOperation.WRITE, AclPermissionType.DENY));
	}

	private static AclBinding denyWrite(String topic, String principal) {
		return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
				new AccessControlEntry(principal, "*", AclOperation.WRITE, AclPermissionType.DENY));
	}

	/** The ALLOW ACLs of a link's destination topics, or why they could not be read. */
	public record Writers(List<AclBinding> acls, Topics.@Nullable AdminFailure failure) {
	}

	private static AclBindingFilter writersOf(String topic) {
		return new AclBindingFilter(new ResourcePatternFilter(ResourceType.TOPIC, topic, PatternType.MATCH),
				new AccessControlEntryFilter(null, null, AclOperation.ANY, AclPermissionType.ALLOW));
	}

	/**
	 * The principal the link writes as, when its credentials name one (PLAIN and SCRAM).
	 */
	static String linkPrincipal(ClusterConnection destination) {
		String jaas = destination.properties().get("sasl.jaas.config");
		if (jaas != null) {
			Matcher matcher = USERNAME.matcher(jaas);
			if (matcher.find()) {
				return "User:" + matcher.group(1);
			}
		}
		return "User:ANONYMOUS";
	}

}
