package dev.clusterlink.acl;

import java.util.Collection;

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
	 * @param sourceAcls the source ACLs the filters select (see {@link AclReads#source})
	 * @param destinationAcls every ACL on the destination (see
	 * {@link AclReads#destination})
	 * @param owned the link's ledger
	 * @return the plan
	 */
	public static AclPlan of(LinkConfig config, Collection<AclBinding> sourceAcls,
			Collection<AclBinding> destinationAcls, Collection<OwnedAcl> owned) {
		AclTranslation translation = AclTranslator.translate(sourceAcls, config);
		return new AclPlan(AclSyncMode.of(config), translation,
				AclDiff.between(translation, destinationAcls, owned, config.aclSyncDelete()));
	}

}
