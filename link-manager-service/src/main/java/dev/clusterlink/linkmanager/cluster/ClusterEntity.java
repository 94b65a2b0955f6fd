package dev.clusterlink.linkmanager.cluster;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A registered Kafka cluster. Secret properties are stored only as AES-GCM tokens. */
@Entity
@Table(name = "clusters")
class ClusterEntity {

	@Id
	private UUID id;

	@Column(nullable = false, unique = true)
	private String name;

	@Column(name = "bootstrap_servers", nullable = false)
	private String bootstrapServers;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(nullable = false)
	private Map<String, String> properties;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(name = "secret_properties", nullable = false)
	private Map<String, String> secretProperties;

	@Column(name = "insecure_sasl_accepted", nullable = false)
	private boolean insecureSaslAccepted;

	@Version
	private Long version;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected ClusterEntity() {
	}

	ClusterEntity(UUID id, String name, Instant now) {
		this.id = id;
		this.name = name;
		this.createdAt = now;
		this.updatedAt = now;
	}

	void configure(String bootstrapServers, Map<String, String> properties, Map<String, String> secretProperties,
			Instant now) {
		this.bootstrapServers = bootstrapServers;
		this.properties = Map.copyOf(properties);
		this.secretProperties = Map.copyOf(secretProperties);
		this.updatedAt = now;
	}

	UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	String bootstrapServers() {
		return this.bootstrapServers;
	}

	Map<String, String> properties() {
		return this.properties;
	}

	/** Whether the operator accepts SASL over plaintext for this cluster. */
	boolean insecureSaslAccepted() {
		return this.insecureSaslAccepted;
	}

	void acceptInsecureSasl(boolean accepted) {
		this.insecureSaslAccepted = accepted;
	}

	Map<String, String> secretProperties() {
		return this.secretProperties;
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
