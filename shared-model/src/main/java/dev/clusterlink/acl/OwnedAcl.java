package dev.clusterlink.acl;

import java.time.Instant;
import java.util.Objects;

import org.apache.kafka.common.acl.AclBinding;
import org.jspecify.annotations.Nullable;

/**
 * A destination ACL that a link created, as its ledger (table {@code acl_sync_bindings})
 * remembers it. Only these are ever deleted by ACL sync.
 *
 * @param binding the destination ACL
 * @param state {@link State#PENDING} from just before {@code createAcls} until the
 * creation is confirmed, then {@link State#CREATED}
 * @param rule the rule that produced it
 * @param source the source ACL it came from, as text
 * @param createdAt when the link decided to create it
 * @param confirmedAt when the creation was confirmed
 */
public record OwnedAcl(AclBinding binding, State state, String rule, String source, Instant createdAt,
		@Nullable Instant confirmedAt) {

	public OwnedAcl {
		Objects.requireNonNull(binding, "binding");
		Objects.requireNonNull(state, "state");
	}

	/** Whether the creation is confirmed. */
	public boolean created() {
		return this.state == State.CREATED;
	}

	/** Where an owned ACL stands. */
	public enum State {

		/**
		 * Recorded before {@code createAcls}; a crash leaves it here and the next round
		 * settles it.
		 */
		PENDING,
		/** {@code createAcls} succeeded and the addition was audited. */
		CREATED

	}

}
