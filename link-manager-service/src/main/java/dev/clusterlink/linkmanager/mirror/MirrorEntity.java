package dev.clusterlink.linkmanager.mirror;

import java.time.Instant;
import java.util.UUID;

import dev.clusterlink.model.MirrorState;
import dev.clusterlink.model.MirrorTransition;
import dev.clusterlink.model.StoppedBy;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/**
 * A mirror topic: which source topic it copies, through which link, and its lifecycle
 * state.
 */
@Entity
@Table(name = "mirrors")
class MirrorEntity {

	@Id
	private UUID id;

	@Column(name = "link_id", nullable = false)
	private UUID linkId;

	@Column(name = "destination_cluster_id", nullable = false)
	private UUID destinationClusterId;

	@Column(nullable = false)
	private String name;

	@Column(name = "source_topic", nullable = false)
	private String sourceTopic;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private MirrorState state;

	@Column(name = "state_reason")
	private String stateReason;

	@Enumerated(EnumType.STRING)
	@Column(name = "stopped_by")
	private StoppedBy stoppedBy;

	@Column(name = "state_changed_at", nullable = false)
	private Instant stateChangedAt;

	// written by the mirror worker only: never by this service
	@JdbcTypeCode(SqlTypes.JSON)
	@Column(insertable = false, updatable = false)
	private java.util.List<String> warnings;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(name = "failover_report", insertable = false, updatable = false)
	private java.util.Map<String, Object> failoverReport;

	@Column(name = "stopped_at", insertable = false, updatable = false)
	private Instant stoppedAt;

	@Version
	private Long version;

	@Column(name = "source_topic_id", insertable = false, updatable = false)
	private String sourceTopicId;

	@Column(name = "adopts_destination", nullable = false)
	private boolean adoptsDestination;

	@Column(name = "reverse_of")
	private UUID reverseOf;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected MirrorEntity() {
	}

	MirrorEntity(UUID id, UUID linkId, UUID destinationClusterId, String name, String sourceTopic, Instant now) {
		this.id = id;
		this.linkId = linkId;
		this.destinationClusterId = destinationClusterId;
		this.name = name;
		this.sourceTopic = sourceTopic;
		this.state = MirrorState.PENDING;
		this.stateChangedAt = now;
		this.createdAt = now;
		this.updatedAt = now;
	}

	/**
	 * The mirror a reverse creates (failback): it copies the stopped mirror's topic back
	 * into the topic that mirror was copied from, which it adopts as it is (planned swap)
	 * or which the worker creates anew (after a disaster).
	 */
	static MirrorEntity reversing(MirrorEntity stopped, UUID linkId, UUID destinationClusterId, Instant now,
			boolean adoptsDestination) {
		MirrorEntity reverse = new MirrorEntity(UUID.randomUUID(), linkId, destinationClusterId, stopped.sourceTopic,
				stopped.name, now);
		reverse.adoptsDestination = adoptsDestination;
		reverse.reverseOf = stopped.id;
		return reverse;
	}

	/** Applies an operator transition. */
	void apply(MirrorTransition transition, String reason, Instant now) {
		if (this.state != transition.to()) {
			this.stateChangedAt = now;
		}
		this.state = transition.to();
		this.stoppedBy = transition.stoppedBy();
		this.stateReason = reason;
		this.updatedAt = now;
	}

	UUID id() {
		return this.id;
	}

	UUID linkId() {
		return this.linkId;
	}

	UUID destinationClusterId() {
		return this.destinationClusterId;
	}

	String name() {
		return this.name;
	}

	String sourceTopic() {
		return this.sourceTopic;
	}

	/** The source topic id the worker recorded at set-up ({@code null} before). */
	@Nullable String sourceTopicId() {
		return this.sourceTopicId;
	}

	@Nullable UUID reverseOf() {
		return this.reverseOf;
	}

	MirrorState state() {
		return this.state;
	}

	@Nullable String stateReason() {
		return this.stateReason;
	}

	@Nullable StoppedBy stoppedBy() {
		return this.stoppedBy;
	}

	Instant stateChangedAt() {
		return this.stateChangedAt;
	}

	java.util.List<String> warnings() {
		return (this.warnings != null) ? this.warnings : java.util.List.of();
	}

	java.util.@Nullable Map<String, Object> failoverReport() {
		return this.failoverReport;
	}

	@Nullable Instant stoppedAt() {
		return this.stoppedAt;
	}

	long version() {
		return (this.version != null) ? this.version : 0;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant updatedAt() {
		return this.updatedAt;
	}

}
