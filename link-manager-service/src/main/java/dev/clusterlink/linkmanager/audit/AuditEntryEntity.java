package dev.clusterlink.linkmanager.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "audit_log")
class AuditEntryEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "occurred_at", nullable = false)
	private Instant occurredAt;

	@Column(nullable = false)
	private String actor;

	@Column(name = "client_address")
	private String clientAddress;

	@Column(name = "request_id")
	private String requestId;

	@Column(nullable = false)
	private String action;

	@Column(name = "entity_type", nullable = false)
	private String entityType;

	@Column(name = "entity_name", nullable = false)
	private String entityName;

	@Column(name = "entity_id")
	private UUID entityId;

	@Column(name = "entity_version")
	private Long entityVersion;

	@Column(nullable = false)
	private String outcome = AuditLog.ACCEPTED;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(nullable = false)
	private Map<String, Object> details;

	protected AuditEntryEntity() {
	}

	AuditEntryEntity(Instant occurredAt, String actor, String clientAddress, String requestId, String action,
			String entityType, String entityName, UUID entityId, Long entityVersion, Map<String, Object> details) {
		this.occurredAt = occurredAt;
		this.actor = actor;
		this.clientAddress = clientAddress;
		this.requestId = requestId;
		this.action = action;
		this.entityType = entityType;
		this.entityName = entityName;
		this.entityId = entityId;
		this.entityVersion = entityVersion;
		this.details = details;
	}

	/** For a query by example: entries of any outcome. */
	AuditEntryEntity anyOutcome() {
		this.outcome = null;
		return this;
	}

	AuditEntryEntity refused() {
		this.outcome = AuditLog.REFUSED;
		return this;
	}

	AuditEntryResponse toResponse() {
		return new AuditEntryResponse(this.id, this.occurredAt, this.actor, this.clientAddress, this.requestId,
				this.action, this.entityType, this.entityName, this.entityId, this.entityVersion, this.outcome,
				this.details);
	}

}
