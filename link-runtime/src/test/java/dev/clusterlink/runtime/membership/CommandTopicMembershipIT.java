package dev.clusterlink.runtime.membership;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.clusterlink.command.Command;
import dev.clusterlink.command.CommandCodec;
import dev.clusterlink.command.LinkChanged;
import dev.clusterlink.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Instances of a service split the command partitions through Kafka's group protocol. */
class CommandTopicMembershipIT {

	@Test
	void instancesSplitTheWorkAndTakeOverWhenOneLeaves() throws Exception {
		String topic = "_commands-" + UUID.randomUUID();
		String group = "group-" + UUID.randomUUID();
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.destinationBootstrap()))) {
			admin.createTopics(List.of(new NewTopic(topic, 24, (short) 1))).all().get();
		}
		Recorder a = new Recorder();
		Recorder b = new Recorder();
		try (CommandTopicMembership first = membership(topic, group, "a", a);
				CommandTopicMembership second = membership(topic, group, "b", b)) {
			first.start();
			await().atMost(Duration.ofSeconds(60)).until(() -> first.owned().size() == 24);
			assertThat(a.assigned).hasSize(24);

			second.start();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> !second.owned().isEmpty() && first.owned().size() + second.owned().size() == 24);
			assertThat(a.revoked).as("cooperative: only what moves is revoked").containsAll(second.owned());
			assertThat(first.owned()).doesNotContainAnyElementsOf(second.owned());

			// a command reaches the instance that owns its key
			String key = "link-" + UUID.randomUUID();
			CommandTopicMembership owner = first.owns(key) ? first : second;
			Recorder ownerRecorder = (owner == first) ? a : b;
			publish(topic, new LinkChanged(UUID.randomUUID(), 3, Instant.now(), Command.Change.UPSERTED, key));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> ownerRecorder.commands.stream().anyMatch((command) -> command.key().equals(key)));

			Set<Integer> secondHad = second.owned();
			second.close();
			assertThat(b.revoked).as("leaving hands everything over").containsAll(secondHad);
			await().atMost(Duration.ofSeconds(60)).until(() -> first.owned().size() == 24);
		}
	}

	private static CommandTopicMembership membership(String topic, String group, String id, Recorder recorder) {
		return new CommandTopicMembership(TestKafka.destinationBootstrap(), Map.of(), topic, group, id,
				Duration.ofSeconds(6), recorder);
	}

	private static void publish(String topic, Command command) {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", TestKafka.destinationBootstrap(), "key.serializer", StringSerializer.class,
						"value.serializer", StringSerializer.class))) {
			producer.send(new ProducerRecord<>(topic, command.key(), CommandCodec.encode(command)));
		}
	}

	private static final class Recorder implements CommandTopicMembership.Listener {

		final Set<Integer> assigned = ConcurrentHashMap.newKeySet();

		final Set<Integer> revoked = new HashSet<>();

		final List<Command> commands = new CopyOnWriteArrayList<>();

		@Override
		public void onAssigned(Set<Integer> partitions) {
			this.assigned.addAll(partitions);
		}

		@Override
		public synchronized void onRevoked(Set<Integer> partitions) {
			this.revoked.addAll(partitions);
		}

		@Override
		public void onCommand(Command command) {
			this.commands.add(command);
		}

	}

}
