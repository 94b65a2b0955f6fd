package dev.clusterlink.stack;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** The end offsets of a topic's partitions, by partition. */
final class TopicEnds {

	private TopicEnds() {
	}

	static Map<Integer, Long> of(String bootstrap, String topic) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			int partitions = admin.describeTopics(java.util.List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.size();
			Map<TopicPartition, OffsetSpec> request = new TreeMap<>(
					java.util.Comparator.comparingInt(TopicPartition::partition));
			for (int p = 0; p < partitions; p++) {
				request.put(new TopicPartition(topic, p), OffsetSpec.latest());
			}
			return admin.listOffsets(request)
				.all()
				.get()
				.entrySet()
				.stream()
				.collect(Collectors.toMap((e) -> e.getKey().partition(), (e) -> e.getValue().offset(), (a, b) -> a,
						TreeMap::new));
		}
		catch (ExecutionException ex) {
			return Map.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("interrupted");
		}
	}

}
