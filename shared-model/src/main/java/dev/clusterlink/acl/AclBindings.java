package dev.clusterlink.acl;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/** Small helpers around Kafka's {@link AclBinding}: text, order, field maps. */
public final class AclBindings {

	/** A stable order of bindings (by their text), for deterministic output. */
	public static final Comparator<AclBinding> ORDER = Comparator.comparing(AclBindings::describe);

	private AclBindings() {
	}

	/**
	 * A binding from its parts.
	 * @param resourceType e.g. {@code TOPIC}
	 * @param name the resource name
	 * @param patternType {@code LITERAL} or {@code PREFIXED}
	 * @param principal e.g. {@code User:alice}
	 * @param host e.g. {@code *}
	 * @param operation e.g. {@code READ}
	 * @param permission {@code ALLOW} or {@code DENY}
	 * @return the binding
	 */
	public static AclBinding of(ResourceType resourceType, String name, PatternType patternType, String principal,
			String host, AclOperation operation, AclPermissionType permission) {
		return new AclBinding(new ResourcePattern(resourceType, name, patternType),
				new AccessControlEntry(principal, host, operation, permission));
	}

	/**
	 * The same binding with another operation.
	 * @param binding a binding
	 * @param operation the new operation
	 * @return the binding with that operation
	 */
	public static AclBinding withOperation(AclBinding binding, AclOperation operation) {
		AccessControlEntry entry = binding.entry();
		return new AclBinding(binding.pattern(),
				new AccessControlEntry(entry.principal(), entry.host(), operation, entry.permissionType()));
	}

	/**
	 * The same binding on another resource pattern.
	 * @param binding a binding
	 * @param name the new resource name
	 * @param patternType the new pattern type
	 * @return the binding on that pattern
	 */
	public static AclBinding withPattern(AclBinding binding, String name, PatternType patternType) {
		return new AclBinding(new ResourcePattern(binding.pattern().resourceType(), name, patternType),
				binding.entry());
	}

	/**
	 * One line an operator can read, e.g.
	 * {@code ALLOW User:alice@* READ on TOPIC LITERAL 'orders'}.
	 * @param binding a binding
	 * @return its text
	 */
	public static String describe(AclBinding binding) {
		ResourcePattern pattern = binding.pattern();
		AccessControlEntry entry = binding.entry();
		return entry.permissionType() + " " + entry.principal() + "@" + entry.host() + " " + entry.operation() + " on "
				+ pattern.resourceType() + " " + pattern.patternType() + " '" + pattern.name() + "'";
	}

	/**
	 * The fields of a binding by name, for JSON (audit details, API responses).
	 * @param binding a binding
	 * @return resourceType, resourceName, patternType, principal, host, operation,
	 * permissionType
	 */
	public static Map<String, Object> fields(AclBinding binding) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("resourceType", binding.pattern().resourceType().name());
		fields.put("resourceName", binding.pattern().name());
		fields.put("patternType", binding.pattern().patternType().name());
		fields.put("principal", binding.entry().principal());
		fields.put("host", binding.entry().host());
		fields.put("operation", binding.entry().operation().name());
		fields.put("permissionType", binding.entry().permissionType().name());
		return fields;
	}

}
