package dev.clusterlink.runtime.membership;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.clusterlink.command.Command;
import dev.clusterlink.command.CommandCodec;
import dev.clusterlink.command.Ownership;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership of a service instance in its consumer group on the command topic (DESIGN.md
 * §3). The command partitions the group assigns to this instance decide the work it owns:
 * a mirror whose ownership key hashes to an assigned partition, or a link for the
 * link-level services. Kafka's group protocol (cooperative-sticky) does the balancing;
 * this class only reports assignments, revocations and the commands that arrive on owned
 * partitions.
 *
 * <p>
 * Revocation is synchronous: {@link Listener#onRevoked(Set)} runs on the membership
 * thread before the partitions go to another instance, so the listener hands the work
 * over (drains, releases leases) before returning. Commands are notifications only; a
 * listener reconciles from the state store.
 */
public final class CommandTopicMembership implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(CommandTopicMembership.class);

	private final Map<String, Object> consumerConfig;

	private final String topic;

	private final Listener listener;

	private final Set<Integer> owned = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final AtomicInteger partitionCount = new AtomicInteger();

	private final CountDownLatch stopped = new CountDownLatch(1);

	private volatile KafkaConsumer<String, String> consumer;

	private volatile boolean running;

	private Thread thread;

	/**
	 * A membership; call {@link #start()} to join.
	 * @param bootstrapServers the control cluster
	 * @param clientProperties extra client properties for the control cluster (security)
	 * @param topic the command topic
	 * @param groupId the consumer group of the service (one group per service kind)
	 * @param instanceId this instance, for client ids and logs
	 * @param sessionTimeout how long a silent instance keeps its partitions
	 * @param listener who does the work
	 */
	public CommandTopicMembership(String bootstrapServers, Map<String, String> clientProperties, String topic,
			String groupId, String instanceId, Duration sessionTimeout, Listener listener) {
		Map<String, Object> config = new HashMap<>(clientProperties);
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + instanceId);
		config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
		config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
		config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, sessionTimeout.toMillis() / 4));
		config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
		// commands are notifications: an instance that joins reconciles everything it
		// owns anyway
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		this.consumerConfig = config;
		this.topic = topic;
		this.listener = listener;
	}

	/** Joins the group on a thread of its own. */
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.thread = new Thread(this::run, "command-membership");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** The command partitions this instance owns now. */
	public Set<Integer> owned() {
		return Set.copyOf(this.owned);
	}

	/** The number of partitions of the command topic (0 until known). */
	public int partitionCount() {
		return this.partitionCount.get();
	}

	/**
	 * Whether this instance owns the work behind an ownership key.
	 * @param ownershipKey e.g. {@link Ownership#mirrorKey(String, String)}
	 * @return true when its command partition is assigned to this instance
	 */
	public boolean owns(String ownershipKey) {
		int partitions = this.partitionCount.get();
		return partitions > 0 && this.owned.contains(Ownership.partitionFor(ownershipKey, partitions));
	}

	/**
	 * Leaves the group: revokes everything (the listener hands the work over), then
	 * stops.
	 */
	@Override
	public void close() {
		this.running = false;
		KafkaConsumer<String, String> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		try {
			if (!this.stopped.await(60, TimeUnit.SECONDS)) {
				log.warn("command membership did not stop within 60s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run() {
		try {
			while (this.running) {
				KafkaConsumer<String, String> kafka = new KafkaConsumer<>(this.consumerConfig);
				try {
					this.consumer = kafka;
					if (!awaitTopic(kafka)) {
						continue;
					}
					kafka.subscribe(List.of(this.topic), new Rebalance());
					while (this.running) {
						for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
							deliver(record);
						}
					}
					// leaving: hand everything over before the consumer closes
					revoke(Set.copyOf(this.owned));
					kafka.unsubscribe();
				}
				catch (WakeupException ex) {
					revoke(Set.copyOf(this.owned));
				}
				catch (RuntimeException ex) {
					log.warn("command membership failed, rejoining in 5s: {}", ex.toString());
					revoke(Set.copyOf(this.owned));
					sleep(Duration.ofSeconds(5));
				}
				finally {
					this.consumer = null;
					// bounded: leaving the group must not hang a shutdown when the
					// control cluster is gone
					kafka.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
				}
			}
		}
		finally {
			this.stopped.countDown();
		}
	}

	private boolean awaitTopic(KafkaConsumer<String, String> kafka) {
		List<PartitionInfo> partitions = kafka.partitionsFor(this.topic, Duration.ofSeconds(10));
		if (partitions == null || partitions.isEmpty()) {
			log.warn("command topic {} not found on the control cluster yet; retrying in 5s", this.topic);
			sleep(Duration.ofSeconds(5));
			return false;
		}
		this.partitionCount.set(partitions.size());
		return true;
	}

	private void deliver(ConsumerRecord<String, String> record) {
		Command command;
		try {
			command = CommandCodec.decode(record.value());
		}
		catch (CommandCodec.InvalidCommandException ex) {
			log.warn("command at {}-{}@{} skipped: {}", record.topic(), record.partition(), record.offset(),
					ex.getMessage());
			return;
		}
		try {
			this.listener.onCommand(command);
		}
		catch (RuntimeException ex) {
			log.warn("command {} v{} ({}): handler failed, the periodic reconcile retries: {}", command.key(),
					command.entityVersion(), command.getClass().getSimpleName(), ex.toString());
		}
	}

	private void revoke(Set<Integer> partitions) {
		if (partitions.isEmpty()) {
			return;
		}
		this.owned.removeAll(partitions);
		try {
			this.listener.onRevoked(partitions);
		}
		catch (RuntimeException ex) {
			log.warn("handing over command partitions {} failed: {}", partitions, ex.toString());
		}
	}

	private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
		Set<Integer> numbers = new TreeSet<>();
		partitions.forEach((tp) -> numbers.add(tp.partition()));
		return numbers;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Follows the group's assignment. */
	private final class Rebalance implements ConsumerRebalanceListener {

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			if (partitions.isEmpty()) {
				return;
			}
			Set<Integer> added = numbers(partitions);
			CommandTopicMembership.this.owned.addAll(added);
			log.info("command partitions assigned: {} (now owning {})", added, new TreeSet<>(owned));
			try {
				CommandTopicMembership.this.listener.onAssigned(added);
			}
			catch (RuntimeException ex) {
				log.warn("taking over command partitions {} failed, the periodic reconcile retries: {}", added,
						ex.toString());
			}
		}

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			if (!partitions.isEmpty()) {
				log.info("command partitions revoked: {}", numbers(partitions));
				revoke(numbers(partitions));
			}
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			if (!partitions.isEmpty()) {
				log.warn("command partitions lost (session expired): {}", numbers(partitions));
				revoke(numbers(partitions));
			}
		}

	}

	/** What a service does with its share of the work. */
	public interface Listener {

		/**
		 * New command partitions were assigned: take over their work (after any fencing).
		 * @param partitions the newly assigned partitions
		 */
		void onAssigned(Set<Integer> partitions);

		/**
		 * Command partitions are going to another instance: stop their work and release
		 * it before returning.
		 * @param partitions the revoked partitions
		 */
		void onRevoked(Set<Integer> partitions);

		/**
		 * A command arrived on an owned partition: reconcile the entity it names.
		 * @param command the change notification
		 */
		void onCommand(Command command);

	}

}
