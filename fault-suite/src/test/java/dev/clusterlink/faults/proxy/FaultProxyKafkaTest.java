package dev.clusterlink.faults.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.clusterlink.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Kafka clients work through the proxy and survive its resets. */
class FaultProxyKafkaTest {

	@Test
	void bootstrapThroughTheProxySurvivesAReset() throws Exception {
		String[] broker = TestKafka.sourceBootstrap().split(",")[0].split(":");
		String clusterId;
		try (Admin direct = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(":", broker)))) {
			clusterId = direct.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
		}
		try (FaultProxy proxy = FaultProxy.start(broker[0], Integer.parseInt(broker[1]));
				Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, proxy.address(),
						AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50))) {
			proxy.blackhole(true);
			DescribeClusterResult described = admin.describeCluster();
			await().atMost(Duration.ofSeconds(30)).until(() -> proxy.connectionsOpen() == 1);
			proxy.resetAll().heal();
			assertThat(described.clusterId().get(60, TimeUnit.SECONDS)).isEqualTo(clusterId);
			assertThat(proxy.connectionsAccepted()).as("the client connected again").isGreaterThanOrEqualTo(2);
		}
	}

	/**
	 * A broker of its own that advertises the proxy, so that every request of its clients
	 * goes through the proxy: large batches over concurrent connections, reset midway.
	 */
	@Test
	void producerAndConsumerWorkThroughTheProxyAndSurviveAReset() throws Exception {
		int proxyPort = freePort();
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperties(Map.of("advertised.listeners", "EXTERNAL://127.0.0.1:" + proxyPort,
				"auto.create.topics.enable", "false", "offsets.topic.replication.factor", "1"));
		broker.brokerListProperty("clusterlink.test.kafka.proxied");
		broker.afterPropertiesSet();
		String[] target = broker.getBrokersAsString().split(":");
		try (FaultProxy proxy = FaultProxy.start(proxyPort, target[0], Integer.parseInt(target[1]))) {
			String topic = "through-proxy-" + UUID.randomUUID();
			try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, proxy.address()))) {
				admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(60, TimeUnit.SECONDS);
			}
			List<byte[]> values = values(120, 200 * 1024);
			AtomicLong acceptedAtReset = new AtomicLong();
			List<Future<RecordMetadata>> acks = new ArrayList<>();
			List<byte[]> consumed;
			try (KafkaProducer<byte[], byte[]> producer = producer(proxy.address())) {
				for (int i = 0; i < values.size(); i++) {
					acks.add(producer.send(new ProducerRecord<>(topic, i % 2, null, values.get(i))));
				}
				consumed = consume(proxy.address(), topic, values.size(),
						() -> acceptedAtReset.set(proxy.resetAll().connectionsAccepted()));
			}
			for (Future<RecordMetadata> ack : acks) {
				assertThat(ack.get(60, TimeUnit.SECONDS).hasOffset()).isTrue();
			}
			assertThat(consumed.stream().map(Arrays::hashCode).sorted())
				.containsExactlyElementsOf(values.stream().map(Arrays::hashCode).sorted().toList());
			assertThat(proxy.connectionsAccepted()).as("clients connected again after the reset")
				.isGreaterThan(acceptedAtReset.get());
			assertThat(proxy.bytesToClients()).isGreaterThan(values.size() * 200L * 1024);
		}
		finally {
			broker.destroy();
		}
	}

	private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
		return new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
				new ByteArraySerializer(), new ByteArraySerializer());
	}

	/** Reads every record, running {@code midway} once a third has arrived. */
	private static List<byte[]> consume(String bootstrap, String topic, int count, Runnable midway) {
		List<byte[]> consumed = new ArrayList<>();
		List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10,
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			consumer.assign(partitions);
			boolean ranMidway = false;
			long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
			while (consumed.size() < count && System.nanoTime() < deadline) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					consumed.add(record.value());
				}
				if (!ranMidway && consumed.size() >= count / 3) {
					midway.run();
					ranMidway = true;
				}
			}
		}
		return consumed;
	}

	private static List<byte[]> values(int count, int size) {
		Random random = new Random(42);
		List<byte[]> values = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			byte[] value = new byte[size];
			random.nextBytes(value);
			values.add(value);
		}
		return values;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
