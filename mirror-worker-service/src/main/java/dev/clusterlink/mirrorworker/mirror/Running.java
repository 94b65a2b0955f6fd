package dev.clusterlink.mirrorworker.mirror;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.clusterlink.store.MirrorRow;

/**
 * A mirror this worker copies now: its row as last read, its pipeline and its partitions.
 *
 * @param row the mirror
 * @param pipeline the link pipeline that copies it
 * @param partitions its partitions (grows when the source topic gets partitions)
 * @param startVersion the mirror's version when this run started: a later version in
 * state PENDING means an operator resumed it since
 */
record Running(MirrorRow row, LinkPipeline pipeline, List<PartitionMirror> partitions, long startVersion) {

	Running {
		partitions = new CopyOnWriteArrayList<>(partitions);
	}

	Running(MirrorRow row, LinkPipeline pipeline, List<PartitionMirror> partitions) {
		this(row, pipeline, partitions, row.version());
	}

	Running withRow(MirrorRow updated) {
		return new Running(updated, this.pipeline, this.partitions, this.startVersion);
	}

	boolean anyHalted() {
		return this.partitions.stream().anyMatch((pm) -> pm.halted() != null);
	}

	Halt firstHalt() {
		return this.partitions.stream()
			.map(PartitionMirror::halted)
			.filter(java.util.Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

}
