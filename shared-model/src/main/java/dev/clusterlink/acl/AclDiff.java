package dev.clusterlink.acl;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.acl.AclBinding;

/**
 * What one ACL sync round changes on the destination, and in the link's ledger. Pure;
 * computed from what the link wants, what the destination has and what the link created
 * before.
 *
 * <p>
 * Invariants: nothing is deleted that the link did not create ({@code toDelete} is a
 * subset of the owned ACLs), nothing is deleted unless deletion is enabled, and a
 * destination ACL that exists already is never created again, so ACLs made by hand are
 * never touched and never claimed.
 *
 * @param toCreate desired ACLs missing on the destination: one {@code createAcls} call
 * @param toDelete ACLs the link created, still on the destination, no longer desired,
 * when {@code acl.sync.delete.enable} is on: one {@code deleteAcls} call
 * @param toConfirm ACLs recorded as pending (a round stopped between recording and
 * confirming) that exist on the destination: confirmed and audited
 * @param toForget owned ACLs that are neither on the destination nor desired (removed by
 * hand, or a creation that never happened): dropped from the ledger
 * @param staleKept ACLs the link created that vanished at the source but stay, because
 * deletion is off
 * @param unchanged desired ACLs that the destination has already
 */
public record AclDiff(List<DesiredAcl> toCreate, List<AclBinding> toDelete, List<AclBinding> toConfirm,
		List<AclBinding> toForget, List<AclBinding> staleKept, int unchanged) {

	public AclDiff {
		toCreate = List.copyOf(toCreate);
		toDelete = List.copyOf(toDelete);
		toConfirm = List.copyOf(toConfirm);
		toForget = List.copyOf(toForget);
		staleKept = List.copyOf(staleKept);
	}

	/**
	 * The diff of one round.
	 * @param desired what the link wants
	 * @param actual every ACL on the destination
	 * @param owned what the link created before (its ledger)
	 * @param deleteEnabled {@code acl.sync.delete.enable}
	 * @return the diff
	 */
	public static AclDiff between(AclTranslation desired, Collection<AclBinding> actual, Collection<OwnedAcl> owned,
			boolean deleteEnabled) {
		Set<AclBinding> present = new HashSet<>(actual);
		Set<AclBinding> wanted = desired.bindings();
		List<DesiredAcl> toCreate = desired.desired()
			.stream()
			.filter((acl) -> !present.contains(acl.binding()))
			.toList();
		int unchanged = desired.desired().size() - toCreate.size();
		List<AclBinding> toConfirm = sorted(owned.stream()
			.filter((acl) -> !acl.created() && present.contains(acl.binding()))
			.map(OwnedAcl::binding)
			.toList());
		List<AclBinding> vanished = sorted(owned.stream()
			.map(OwnedAcl::binding)
			.filter((binding) -> present.contains(binding) && !wanted.contains(binding))
			.toList());
		List<AclBinding> toForget = sorted(owned.stream()
			.map(OwnedAcl::binding)
			.filter((binding) -> !present.contains(binding) && !wanted.contains(binding))
			.toList());
		return new AclDiff(toCreate, deleteEnabled ? vanished : List.of(), toConfirm, toForget,
				deleteEnabled ? List.of() : vanished, unchanged);
	}

	/** Whether the round has nothing to do, on the destination or in the ledger. */
	public boolean isEmpty() {
		return this.toCreate.isEmpty() && this.toDelete.isEmpty() && this.toConfirm.isEmpty()
				&& this.toForget.isEmpty();
	}

	/** The bindings to create. */
	public List<AclBinding> createBindings() {
		return this.toCreate.stream().map(DesiredAcl::binding).toList();
	}

	private static List<AclBinding> sorted(List<AclBinding> bindings) {
		return bindings.stream().sorted(AclBindings.ORDER).toList();
	}

}
