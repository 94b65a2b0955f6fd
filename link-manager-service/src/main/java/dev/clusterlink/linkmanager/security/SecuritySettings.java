package dev.clusterlink.linkmanager.security;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication of the API.
 *
 * @param authentication {@code enabled} (the default), or {@code disabled}: every request
 * acts as the admin {@code dev-unauthenticated}; accepted only with the {@code dev}
 * profile
 * @param bootstrapAdminKey the admin API key created at the first start, when the store
 * holds no key ({@code CLUSTERLINK_BOOTSTRAP_ADMIN_KEY}); unset: one is generated and
 * logged once
 */
@ConfigurationProperties("clusterlink.security")
public record SecuritySettings(@DefaultValue("enabled") String authentication, @Nullable String bootstrapAdminKey) {

	boolean authenticationDisabled() {
		return "disabled".equalsIgnoreCase(this.authentication);
	}

}
