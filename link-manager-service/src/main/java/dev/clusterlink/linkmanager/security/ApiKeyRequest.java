package dev.clusterlink.linkmanager.security;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A new API key.
 *
 * @param name a unique name among the keys that are not revoked
 * @param role {@code viewer}, {@code operator} or {@code admin}
 * @param links the links the key may see (others answer 404), or absent for every link
 */
public record ApiKeyRequest(@NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*") String name,
		@NotBlank @Pattern(regexp = "viewer|operator|admin",
				message = "must be one of viewer, operator, admin") String role,
		@Nullable @Size(min = 1, max = 100) List<@NotBlank String> links) {
}
