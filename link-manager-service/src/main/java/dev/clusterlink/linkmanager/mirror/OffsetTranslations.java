package dev.clusterlink.linkmanager.mirror;

import javax.sql.DataSource;

import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.ProblemType;
import dev.clusterlink.offsets.Translation;
import dev.clusterlink.runtime.store.PartitionOffsetsReader;
import dev.clusterlink.store.PartitionOffsets;

import org.springframework.stereotype.Component;

/**
 * Translates a source offset of a mirrored partition into the destination offset that
 * holds its copy, from the offset map the mirror worker recorded (identity, one delta, or
 * exact runs).
 */
@Component
class OffsetTranslations {

	private final PartitionOffsetsReader reader;

	OffsetTranslations(DataSource dataSource) {
		this.reader = new PartitionOffsetsReader(dataSource);
	}

	TranslationResponse translate(java.util.UUID mirrorId, String mirrorName, int partition, long sourceOffset) {
		if (sourceOffset < 0) {
			throw ApiException.invalidField("sourceOffset", "must not be negative");
		}
		PartitionOffsets row = this.reader.read(mirrorId)
			.stream()
			.filter((candidate) -> candidate.partition() == partition)
			.findFirst()
			.orElseThrow(() -> new ApiException(ProblemType.PARTITION_NOT_FOUND,
					"mirror topic '" + mirrorName + "' has no partition " + partition + " (yet)")
				.with("partition", partition));
		if (!row.isSetUp() || row.mirroredOffset() == null || row.destinationEnd() == null) {
			throw new ApiException(ProblemType.OFFSET_NOT_MIRRORED,
					"partition " + partition + " of '" + mirrorName + "' is still being set up");
		}
		Translation translation = row.map().translate(sourceOffset, row.mirroredOffset(), row.destinationEnd());
		return switch (translation) {
			case Translation.Exact exact ->
				new TranslationResponse(partition, sourceOffset, exact.destinationOffset(), row.map().mode());
			case Translation.NoRecord gap -> throw new ApiException(ProblemType.OFFSET_NOT_FOUND,
					"the source has no record at " + "offset " + sourceOffset
							+ " (compacted away, a transaction marker, an aborted record, or skipped after "
							+ "an acknowledged loss); the next record's copy is at destination offset "
							+ gap.nextDestinationOffset())
				.with("nextDestinationOffset", gap.nextDestinationOffset());
			case Translation.BeforeStart before -> throw new ApiException(ProblemType.OFFSET_GONE,
					"source offset " + sourceOffset + " is before the first offset the mirror copies ("
							+ before.firstSourceOffset()
							+ "): it was deleted by retention or precedes mirror.start.offset.spec")
				.with("firstSourceOffset", before.firstSourceOffset())
				.with("firstDestinationOffset", before.firstDestinationOffset());
			case Translation.NotYetMirrored notYet ->
				throw new ApiException(ProblemType.OFFSET_NOT_MIRRORED, "source offset " + sourceOffset
						+ " is not mirrored yet; the mirror has copied everything before " + notYet.mirroredPosition())
					.with("mirroredOffset", notYet.mirroredPosition());
		};
	}

}
