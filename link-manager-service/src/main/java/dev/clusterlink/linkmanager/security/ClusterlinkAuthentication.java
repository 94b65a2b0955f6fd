package dev.clusterlink.linkmanager.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An authenticated caller; its authorities are {@code ROLE_<role>} and the roles below.
 */
class ClusterlinkAuthentication extends AbstractAuthenticationToken {

	private final ClusterlinkPrincipal principal;

	ClusterlinkAuthentication(ClusterlinkPrincipal principal) {
		super(principal.role().authorities());
		this.principal = principal;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public ClusterlinkPrincipal getPrincipal() {
		return this.principal;
	}

	@Override
	public String getName() {
		return this.principal.name();
	}

}
