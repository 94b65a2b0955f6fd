package dev.clusterlink.linkmanager.mirror;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.jspecify.annotations.Nullable;

/** Per-partition progress as the mirror worker reports it; read-only here. */
@Entity
@Immutable
@Table(name = "mirror_partitions")
@IdClass(MirrorPartitionEntity.Key.class)
class MirrorPartitionEntity {

	@Id
	@Column(name = "mirror_id")
	private UUID mirrorId;

	@Id
	private int partition;

	private String state;

	@Column(name = "offset_mode")
	private String offsetMode;

	@Column(name = "source_start_offset")
	private Long sourceStartOffset;

	@Column(name = "source_end_offset")
	private Long sourceEndOffset;

	@Column(name = "mirrored_offset")
	private Long mirroredOffset;

	private Long lag;

	@Column(name = "destination_start_offset")
	private Long destinationStartOffset;

	@Column(name = "destination_end_offset")
	private Long destinationEndOffset;

	@Column(name = "records_lost")
	private long recordsLost;

	@Column(name = "last_error")
	private String lastError;

	@Column(name = "updated_at")
	private Instant updatedAt;

	protected MirrorPartitionEntity() {
	}

	UUID mirrorId() {
		return this.mirrorId;
	}

	int partition() {
		return this.partition;
	}

	@Nullable String offsetMode() {
		return this.offsetMode;
	}

	@Nullable Long mirroredOffset() {
		return this.mirroredOffset;
	}

	@Nullable Long destinationEndOffset() {
		return this.destinationEndOffset;
	}

	PartitionResponse toResponse() {
		return new PartitionResponse(this.partition, this.state, this.offsetMode, this.sourceStartOffset,
				this.sourceEndOffset, this.mirroredOffset, this.lag, this.destinationStartOffset,
				this.destinationEndOffset, this.recordsLost, this.lastError, this.updatedAt);
	}

	record Key(UUID mirrorId, int partition) implements Serializable {
	}

}
