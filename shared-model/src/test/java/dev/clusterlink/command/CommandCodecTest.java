package dev.clusterlink.command;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandCodecTest {

	private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

	@Test
	void everyCommandRoundTripsThroughJson() {
		UUID id = UUID.randomUUID();
		Command[] commands = { new ClusterChanged(id, 1, AT, Command.Change.UPSERTED, "src"),
				new LinkChanged(id, 2, AT, Command.Change.DELETED, "l1"),
				new MirrorChanged(id, 3, AT, Command.Change.UPSERTED, "l1", "orders") };
		for (Command command : commands) {
			assertThat(CommandCodec.decode(CommandCodec.encode(command))).isEqualTo(command);
		}
	}

	@Test
	void wireFormatIsTheDocumentedOne() {
		UUID id = UUID.fromString("7d0b0c2e-5d1e-4c57-9d8e-1a2b3c4d5e6f");
		String json = CommandCodec.encode(new MirrorChanged(id, 3, AT, Command.Change.UPSERTED, "l1", "orders"));
		assertThat(json).isEqualTo("{\"type\":\"MirrorChanged\",\"entityId\":\"7d0b0c2e-5d1e-4c57-9d8e-1a2b3c4d5e6f\","
				+ "\"entityVersion\":3,\"timestamp\":\"2026-11-22T10:00:00Z\",\"change\":\"UPSERTED\",\"link\":\"l1\","
				+ "\"mirror\":\"orders\"}");
	}

	@Test
	void unknownPropertiesAreIgnoredAndGarbageIsRefused() {
		String json = "{\"type\":\"LinkChanged\",\"entityId\":\"7d0b0c2e-5d1e-4c57-9d8e-1a2b3c4d5e6f\","
				+ "\"entityVersion\":1,\"timestamp\":\"2026-11-22T10:00:00Z\",\"change\":\"UPSERTED\",\"link\":\"l\","
				+ "\"addedLater\":true}";
		assertThat(CommandCodec.decode(json)).isInstanceOf(LinkChanged.class);
		assertThatThrownBy(() -> CommandCodec.decode("{\"type\":\"Nope\"}"))
			.isInstanceOf(CommandCodec.InvalidCommandException.class);
		assertThatThrownBy(() -> CommandCodec.decode("not json"))
			.isInstanceOf(CommandCodec.InvalidCommandException.class);
	}

	@Test
	void keysAreTheOwnershipKeys() {
		UUID id = UUID.randomUUID();
		assertThat(new MirrorChanged(id, 1, AT, Command.Change.UPSERTED, "l1", "orders").key()).isEqualTo("l1/orders");
		assertThat(new LinkChanged(id, 1, AT, Command.Change.UPSERTED, "l1").key()).isEqualTo("l1");
	}

	@Test
	void ownershipPartitionIsWhatTheProducersDefaultPartitionerPicks() {
		int partitions = 24;
		for (String key : new String[] { "l1/orders", "l1", "eu-link/payments.v2", "cluster:src" }) {
			int producerPick = org.apache.kafka.clients.producer.internals.BuiltInPartitioner
				.partitionForKey(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), partitions);
			assertThat(Ownership.partitionFor(key, partitions)).isEqualTo(producerPick).isBetween(0, partitions - 1);
		}
		assertThatThrownBy(() -> Ownership.partitionFor("x", 0)).isInstanceOf(IllegalArgumentException.class);
	}

}
