package dev.clusterlink.mirrorworker.mirror;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.clusterlink.mirrorworker.mirror.DestinationReads.TopicCheck;
import dev.clusterlink.mirrorworker.ownership.TestLeases;
import dev.clusterlink.offsets.OffsetMap;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline's destination reads on Kafka's MockAdminClient. */
class DestinationReadsTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final Node node = new Node(0, "destination", 9092);

	private final MockAdminClient admin = new MockAdminClient(List.of(this.node), this.node);

	@AfterEach
	void close() {
		this.admin.close();
	}

	@Test
	void offsetsOfPresentPartitionsAndWhetherATopicExists() {
		this.admin.addTopic(false, "orders",
				List.of(new TopicPartitionInfo(0, this.node, List.of(this.node), List.of(this.node))), Map.of());
		this.admin.updateEndOffsets(Map.of(new TopicPartition("orders", 0), 42L));
		List<PartitionMirror> gone = new CopyOnWriteArrayList<>();
		PartitionMirror pm = partition("orders");
		assertThat(DestinationReads.offsets(this.admin, List.of(pm), OffsetSpec.latest(), TIMEOUT, gone::add))
			.containsEntry(new TopicPartition("orders", 0), 42L);
		assertThat(gone).isEmpty();
		assertThat(DestinationReads.topic(this.admin, "orders", TIMEOUT)).isEqualTo(TopicCheck.PRESENT);
		assertThat(DestinationReads.topic(this.admin, "deleted", TIMEOUT)).isEqualTo(TopicCheck.GONE);
	}

	private static PartitionMirror partition(String topic) {
		UUID mirror = UUID.randomUUID();
		return new PartitionMirror(mirror, "link", topic, new TopicPartition(topic, 0), new TopicPartition(topic, 0),
				TestLeases.held(mirror, Duration.ofMinutes(1), true), OffsetMap.identical(0));
	}

}
