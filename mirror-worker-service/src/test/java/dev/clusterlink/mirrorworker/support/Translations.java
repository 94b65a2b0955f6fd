package dev.clusterlink.mirrorworker.support;

import java.util.List;
import java.util.UUID;

import dev.clusterlink.offsets.Translation;
import dev.clusterlink.runtime.store.PartitionOffsetsReader;
import dev.clusterlink.store.PartitionOffsets;
import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the exact translation of a TRANSLATED (or any) partition against both clusters.
 */
public final class Translations {

	private Translations() {
	}

	/**
	 * Every source record still present translates to the destination offset that holds
	 * its copy, and the destination holds nothing else.
	 */
	public static void assertExactTranslation(UUID mirrorId, String sourceBootstrap, TopicPartition source,
			String destinationBootstrap, TopicPartition destination) {
		assertTranslation(mirrorId, sourceBootstrap, source, destinationBootstrap, destination, true);
	}

	/**
	 * Every source record still present translates to the destination offset that holds
	 * its copy; the destination may hold more (copies of records the source no longer
	 * has, acknowledged foreign records).
	 */
	public static void assertTranslatesExactly(UUID mirrorId, String sourceBootstrap, TopicPartition source,
			String destinationBootstrap, TopicPartition destination) {
		assertTranslation(mirrorId, sourceBootstrap, source, destinationBootstrap, destination, false);
	}

	private static void assertTranslation(UUID mirrorId, String sourceBootstrap, TopicPartition source,
			String destinationBootstrap, TopicPartition destination, boolean nothingElse) {
		PartitionOffsets partition = new PartitionOffsetsReader(new SimpleDataSource(TestPostgres.database()))
			.read(mirrorId)
			.stream()
			.filter((row) -> row.partition() == source.partition())
			.findFirst()
			.orElseThrow();
		List<ConsumerRecord<byte[], byte[]>> sourceRecords = KafkaTopics.readAll(sourceBootstrap, source);
		List<ConsumerRecord<byte[], byte[]>> copies = KafkaTopics.readAll(destinationBootstrap, destination);
		if (nothingElse) {
			assertThat(copies).as("the destination holds exactly one copy of each source record")
				.hasSameSizeAs(sourceRecords);
		}
		java.util.Map<Long, ConsumerRecord<byte[], byte[]>> byOffset = new java.util.HashMap<>();
		copies.forEach((copy) -> byOffset.put(copy.offset(), copy));
		long destinationEnd = KafkaTopics.offset(destinationBootstrap, destination, OffsetSpec.latest());
		long mirrored = partition.mirroredOffset();
		for (int i = 0; i < sourceRecords.size(); i++) {
			ConsumerRecord<byte[], byte[]> record = sourceRecords.get(i);
			Translation translation = partition.map().translate(record.offset(), mirrored, destinationEnd);
			assertThat(translation).as("translation of source offset %d", record.offset())
				.isInstanceOf(Translation.Exact.class);
			long at = ((Translation.Exact) translation).destinationOffset();
			assertThat(byOffset).as("a copy of source offset %d at destination offset %d", record.offset(), at)
				.containsKey(at);
			KafkaTopics.assertSameRecord(record, byOffset.get(at), at);
		}
	}

}
