package dev.clusterlink.linkmanager.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/** A stored API key: its hash, never the key. */
@Entity
@Table(name = "api_keys")
class ApiKeyEntity {

	@Id
	private UUID id;

	@Column(name = "key_id", nullable = false)
	private String keyId;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false)
	private String role;

	@JdbcTypeCode(SqlTypes.JSON)
	private @Nullable List<String> links;

	@Column(name = "secret_hash", nullable = false)
	private String secretHash;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "created_by", nullable = false)
	private String createdBy;

	@Column(name = "last_used_at")
	private @Nullable Instant lastUsedAt;

	@Column(name = "revoked_at")
	private @Nullable Instant revokedAt;

	@Column(name = "revoked_by")
	private @Nullable String revokedBy;

	@Version
	private long version;

	protected ApiKeyEntity() {
	}

	ApiKeyEntity(String keyId, String name, Role role, @Nullable List<String> links, String secretHash,
			Instant createdAt, String createdBy) {
		this.id = UUID.randomUUID();
		this.keyId = keyId;
		this.name = name;
		this.role = role.value();
		this.links = links;
		this.secretHash = secretHash;
		this.createdAt = createdAt;
		this.createdBy = createdBy;
	}

	UUID id() {
		return this.id;
	}

	String keyId() {
		return this.keyId;
	}

	String name() {
		return this.name;
	}

	Role role() {
		return Role.of(this.role);
	}

	@Nullable List<String> links() {
		return this.links;
	}

	String secretHash() {
		return this.secretHash;
	}

	@Nullable Instant lastUsedAt() {
		return this.lastUsedAt;
	}

	boolean revoked() {
		return this.revokedAt != null;
	}

	long version() {
		return this.version;
	}

	void revoke(Instant at, String by) {
		this.revokedAt = at;
		this.revokedBy = by;
	}

	ApiKeyResponse toResponse() {
		return new ApiKeyResponse(this.name, this.keyId, this.role, this.links, this.createdAt, this.createdBy,
				this.lastUsedAt, this.revokedAt);
	}

}
