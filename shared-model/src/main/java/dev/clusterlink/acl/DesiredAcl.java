package dev.clusterlink.acl;

import java.util.Objects;

import org.apache.kafka.common.acl.AclBinding;

/**
 * A destination ACL a link wants, and why.
 *
 * @param binding the ACL as it should exist on the destination
 * @param source the source ACL it comes from
 * @param rule the rule that produced it, e.g. {@code copied} or
 * {@code copied (full mode)}
 */
public record DesiredAcl(AclBinding binding, AclBinding source, String rule) {

	public DesiredAcl {
		Objects.requireNonNull(binding, "binding");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(rule, "rule");
	}

}
