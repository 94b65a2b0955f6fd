package dev.clusterlink.linkmanager.security;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A new API key: the only response that carries the key. It cannot be shown again.
 *
 * @param name the key's name
 * @param keyId the public key id
 * @param role the key's role
 * @param links the links the key may see, or {@code null} for every link
 * @param createdAt when it was created
 * @param key the key, to send as {@code X-API-Key}; store it now
 */
public record CreatedApiKeyResponse(String name, String keyId, String role, @Nullable List<String> links,
		Instant createdAt, String key) {
}
