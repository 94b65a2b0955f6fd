package dev.clusterlink.mirrorworker.mirror;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.jspecify.annotations.Nullable;

/**
 * The Kafka clients of one link pipeline: created by the pipeline's thread when it needs
 * them (a creation that fails is retried with back-off); Kafka's own mocks in unit tests.
 */
interface PipelineClients {

	/** The source consumer ({@code read_committed}, assigned partitions, no group). */
	Consumer<byte[], byte[]> sourceConsumer();

	/**
	 * A new idempotent {@code acks=all} destination producer that never expires a record;
	 * one per producer session.
	 */
	Producer<byte[], byte[]> destinationProducer();

	/** The destination's Admin client (end offsets, topic checks). */
	Admin destinationAdmin();

	/**
	 * Compares the last destination record of a partition with its source record before
	 * the partition is written again after a settle.
	 * @return the halt when they differ, {@code null} when they match or cannot be
	 * compared
	 */
	@Nullable Halt checkTail(PartitionMirror partition, long destinationEnd, long destinationStart);

}
