package dev.clusterlink.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.config.LinkConfig;
import org.apache.kafka.common.acl.AclBinding;

/**
 * The next ACL sync round of a link: the translation of the source ACLs and the diff
 * against the destination and the link's ledger. The ACL sync service applies it; the
 * link manager's {@code GET /links/{link}/acls/diff} shows it, from the same code.
 *
 * @param mode the link's mode
 * @param translation the desired destination ACLs and the skipped source ACLs
 * @param diff what the round changes
 */
public record AclPlan(AclSyncMode mode, AclTranslation translation, AclDiff diff) {

	/**
	 * Plans a round.
	 * @param config the link's configs
	 * @param sourceAcls the source ACLs the filters select and the source's DENY ACLs
	 * (see {@code AclReads#source})
	 * @param destinationAcls every ACL on the destination (see
	 * {@code AclReads#destination})
	 * @param owned the link's ledger
	 * @param mirroredTopics the link's mirrors, source topic to mirror topic (see
	 * {@code AclLedger#mirroredTopics})
	 * @return the plan
	 */
	public static AclPlan of(LinkConfig config, Collection<AclBinding> sourceAcls,
			Collection<AclBinding> destinationAcls, Collection<OwnedAcl> owned, Map<String, String> mirroredTopics) {
		AclTranslation translation = AclTranslator.translate(sourceAcls, config, mirroredTopics);
		return new AclPlan(AclSyncMode.of(config), translation,
				AclDiff.between(translation, destinationAcls, owned, config.aclSyncDelete()));
	}

	/**
	 * A digest of what the round would change on the destination (ACLs to create and to
	 * delete), for the link manager's review token: the same changes give the same
	 * digest.
	 * @param linkId the link, so that a digest of one link is never accepted for another
	 * @return hex SHA-256
	 */
	public String changeDigest(UUID linkId) {
		StringBuilder text = new StringBuilder(linkId.toString()).append('\n');
		this.diff.createBindings()
			.stream()
			.map(AclBindings::describe)
			.sorted()
			.forEach((line) -> text.append("+ ").append(line).append('\n'));
		this.diff.toDelete()
			.stream()
			.map(AclBindings::describe)
			.sorted()
			.forEach((line) -> text.append("- ").append(line).append('\n'));
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
