package dev.clusterlink.linkmanager.security;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An API key as the API shows it: never the key or its hash.
 *
 * @param name the key's name (the audit log's actor is {@code apikey:<name>})
 * @param keyId the public key id, the part after {@code clk_}
 * @param role {@code viewer}, {@code operator} or {@code admin}
 * @param links the links the key may see, or {@code null} for every link
 * @param createdAt when it was created
 * @param createdBy who created it
 * @param lastUsedAt when it was last used (kept to the minute)
 * @param revokedAt when it was revoked
 */
public record ApiKeyResponse(String name, String keyId, String role, @Nullable List<String> links, Instant createdAt,
		String createdBy, @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {
}
