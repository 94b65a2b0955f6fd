package dev.clusterlink.acl;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.acl.AclBinding;

/**
 * What a link makes of the source's ACLs: the destination ACLs it wants and the selected
 * source ACLs it leaves out.
 *
 * @param desired destination ACLs, one entry per distinct binding, in a stable order
 * @param skipped selected source ACLs the mode does not copy, with the reason
 */
public record AclTranslation(List<DesiredAcl> desired, List<SkippedAcl> skipped) {

	public AclTranslation {
		desired = List.copyOf(desired);
		skipped = List.copyOf(skipped);
	}

	/** The desired destination bindings. */
	public Set<AclBinding> bindings() {
		return this.desired.stream().map(DesiredAcl::binding).collect(Collectors.toUnmodifiableSet());
	}

}
