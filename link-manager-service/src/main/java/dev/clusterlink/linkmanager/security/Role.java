package dev.clusterlink.linkmanager.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The roles of the API, in increasing power: each role holds the authorities of the roles
 * below it (the hierarchy {@code admin > operator > viewer}).
 * <ul>
 * <li>{@code viewer} reads everything but secrets;</li>
 * <li>{@code operator} also pauses, resumes, promotes and fails over, and creates and
 * deletes mirrors;</li>
 * <li>{@code admin} also manages clusters, credentials, links, ACL-sync settings and API
 * keys.</li>
 * </ul>
 */
public enum Role {

	VIEWER, OPERATOR, ADMIN;

	/** The name in the API and the store, e.g. {@code operator}. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** {@code ROLE_<value>} of this role and of every role below it. */
	List<GrantedAuthority> authorities() {
		return Arrays.stream(values())
			.filter((role) -> role.ordinal() <= ordinal())
			.map((role) -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role.value()))
			.toList();
	}

	/** The role of a name; {@code IllegalArgumentException} for an unknown one. */
	public static Role of(String value) {
		for (Role role : values()) {
			if (role.value().equals(value)) {
				return role;
			}
		}
		throw new IllegalArgumentException("must be one of viewer, operator, admin");
	}

}
