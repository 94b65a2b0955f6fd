package dev.clusterlink.linkmanager.link;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.clusterlink.model.LinkState;
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

/** A cluster link: its two clusters, its configs and its state. */
@Entity
@Table(name = "links")
class LinkEntity {

	@Id
	private UUID id;

	@Column(nullable = false, unique = true)
	private String name;

	@Column(name = "source_cluster_id", nullable = false)
	private UUID sourceClusterId;

	@Column(name = "destination_cluster_id", nullable = false)
	private UUID destinationClusterId;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(nullable = false)
	private Map<String, String> configs;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private LinkState state;

	@Column(name = "state_reason")
	private String stateReason;

	@Column(name = "state_changed_at", nullable = false)
	private Instant stateChangedAt;

	@Version
	private Long version;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	/** For the hidden reverse row of a bidirectional link: the link it belongs to. */
	@Column(name = "twin_of")
	private UUID twinOf;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected LinkEntity() {
	}

	LinkEntity(UUID id, String name, UUID sourceClusterId, UUID destinationClusterId, Map<String, String> configs,
			Instant now) {
		this.id = id;
		this.name = name;
		this.sourceClusterId = sourceClusterId;
		this.destinationClusterId = destinationClusterId;
		this.configs = Map.copyOf(configs);
		this.state = LinkState.ACTIVE;
		this.stateChangedAt = now;
		this.createdAt = now;
		this.updatedAt = now;
	}

	/**
	 * The hidden reverse row of a bidirectional link: the same configs with the clusters
	 * swapped, named so that no user name can clash with it.
	 */
	static LinkEntity twinOf(LinkEntity link, Instant now) {
		LinkEntity twin = new LinkEntity(UUID.randomUUID(), LinkDirection.twinName(link.name),
				link.destinationClusterId, link.sourceClusterId, link.configs, now);
		twin.twinOf = link.id;
		return twin;
	}

	@Nullable UUID twinOfId() {
		return this.twinOf;
	}

	void configure(Map<String, String> configs, Instant now) {
		this.configs = Map.copyOf(configs);
		this.updatedAt = now;
	}

	/** Moves to a state; returns false when nothing changes. */
	boolean moveTo(LinkState state, @Nullable String reason, Instant now) {
		if (this.state == state && java.util.Objects.equals(this.stateReason, reason)) {
			return false;
		}
		if (this.state != state) {
			this.stateChangedAt = now;
		}
		this.state = state;
		this.stateReason = reason;
		this.updatedAt = now;
		return true;
	}

	UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	UUID sourceClusterId() {
		return this.sourceClusterId;
	}

	UUID destinationClusterId() {
		return this.destinationClusterId;
	}

	Map<String, String> configs() {
		return this.configs;
	}

	LinkState state() {
		return this.state;
	}

	@Nullable String stateReason() {
		return this.stateReason;
	}

	Instant stateChangedAt() {
		return this.stateChangedAt;
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
