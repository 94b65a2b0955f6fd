package dev.clusterlink.linkmanager.security;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * An OAuth2/OIDC bearer token's principal: {@code jwt:<subject>}, the highest role its
 * roles claim names (directly or through the role mapping), and the links its links claim
 * lists. A token with no recognised role is authenticated without any role, so it gets
 * 403 on every handler.
 */
class ClusterlinkJwtConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	private final SecuritySettings.Jwt settings;

	ClusterlinkJwtConverter(SecuritySettings.Jwt settings) {
		this.settings = settings;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		String subject = jwt.getClaimAsString(this.settings.principalClaim());
		String name = "jwt:" + ((subject != null) ? subject : "unknown");
		Role role = highestRole(values(jwt.getClaim(this.settings.rolesClaim())));
		if (role == null) {
			return new JwtAuthenticationToken(jwt, List.of(), name);
		}
		Object links = jwt.getClaim(this.settings.linksClaim());
		return new ClusterlinkAuthentication(
				new ClusterlinkPrincipal(name, role, (links != null) ? new HashSet<>(values(links)) : null));
	}

	private @Nullable Role highestRole(List<String> claimed) {
		Role highest = null;
		for (String value : claimed) {
			String mapped = this.settings.roleMapping().getOrDefault(value, value);
			for (Role role : Role.values()) {
				if (role.value().equals(mapped) && (highest == null || role.compareTo(highest) > 0)) {
					highest = role;
				}
			}
		}
		return highest;
	}

	private static List<String> values(@Nullable Object claim) {
		if (claim instanceof Collection<?> many) {
			return many.stream().map(String::valueOf).toList();
		}
		if (claim instanceof String one) {
			return List.of(one.split("[ ,]+"));
		}
		return List.of();
	}

}
