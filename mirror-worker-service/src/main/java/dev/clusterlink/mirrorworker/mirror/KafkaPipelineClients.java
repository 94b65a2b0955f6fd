package dev.clusterlink.mirrorworker.mirror;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.mirrorworker.WorkerProperties;
import dev.clusterlink.mirrorworker.status.KafkaClientMeters;
import dev.clusterlink.runtime.kafka.KafkaClientFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jspecify.annotations.Nullable;

/**
 * The real clients of a link pipeline, tuned from {@link WorkerProperties}: the source
 * consumer reads {@code read_committed}; the destination producer is idempotent with
 * {@code acks=all} and never expires a record (DESIGN.md §4). Each client's own metrics
 * are bound to the registry while it is open ({@link KafkaClientMeters}).
 */
final class KafkaPipelineClients implements PipelineClients {

	private final ClusterConnection source;

	private final ClusterConnection destination;

	private final WorkerProperties properties;

	private final String clientId;

	private final TailCheck tailCheck;

	private final KafkaClientMeters meters;

	private final String link;

	/** Producer sessions created: tags each producer's meters apart. */
	private final AtomicLong producers = new AtomicLong();

	KafkaPipelineClients(ClusterConnection source, ClusterConnection destination, WorkerProperties properties,
			String clientId, KafkaClientMeters meters, String link) {
		this.source = source;
		this.destination = destination;
		this.properties = properties;
		this.clientId = clientId;
		this.meters = meters;
		this.link = link;
		this.tailCheck = new TailCheck(source, destination, clientId, properties.adminTimeout());
	}

	@Override
	public Consumer<byte[], byte[]> sourceConsumer() {
		Map<String, Object> config = KafkaClientFactory.rawConsumerConfig(this.source, this.clientId + "-source");
		WorkerProperties.Consumer tuning = this.properties.consumer();
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) tuning.fetchMaxWait().toMillis());
		config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, (int) tuning.maxPartitionFetchBytes().toBytes());
		config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, (int) tuning.fetchMaxBytes().toBytes());
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, tuning.maxPollRecords());
		config.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, (int) tuning.receiveBuffer().toBytes());
		config.put(ConsumerConfig.CHECK_CRCS_CONFIG, true);
		config.putIfAbsent(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
		MeteredConsumer consumer = new MeteredConsumer(config);
		try {
			consumer.binding = this.meters.bind(consumer, this.link);
		}
		catch (RuntimeException ex) {
			consumer.close(CloseOptions.timeout(Duration.ZERO));
			throw ex;
		}
		return consumer;
	}

	@Override
	public Producer<byte[], byte[]> destinationProducer() {
		Map<String, Object> config = KafkaClientFactory.rawProducerConfig(this.destination,
				this.clientId + "-destination");
		WorkerProperties.Producer tuning = this.properties.producer();
		config.put(ProducerConfig.LINGER_MS_CONFIG, (int) tuning.linger().toMillis());
		config.put(ProducerConfig.BATCH_SIZE_CONFIG, (int) tuning.batchSize().toBytes());
		config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, tuning.compression());
		config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) tuning.maxRequestSize().toBytes());
		config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, tuning.bufferMemory().toBytes());
		// never expire a record: an expired batch lets the batches after it be
		// re-sequenced into its offsets (DESIGN.md §4); a stalled broker is waited for
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
		config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) tuning.requestTimeout().toMillis());
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) tuning.maxBlock().toMillis());
		config.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
		MeteredProducer producer = new MeteredProducer(config);
		try {
			producer.binding = this.meters.bind(producer, this.link, this.producers.incrementAndGet());
		}
		catch (RuntimeException ex) {
			producer.close(Duration.ZERO); // nothing was sent
			throw ex;
		}
		return producer;
	}

	@Override
	public Admin destinationAdmin() {
		Admin admin = KafkaClientFactory.admin(this.destination, this.clientId + "-admin",
				this.properties.adminTimeout());
		if (!(admin instanceof AdminClient client)) {
			return admin;
		}
		AutoCloseable binding = this.meters.bind(client, this.link);
		// Admin is an interface: a proxy removes the meters when the admin is closed
		return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] { Admin.class },
				(proxy, method, args) -> {
					try {
						return method.invoke(admin, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
					finally {
						if (method.getName().equals("close")) {
							KafkaClientMeters.closeQuietly(binding);
						}
					}
				});
	}

	/**
	 * The source consumer, whose meters go when it is closed. Only {@code close} is
	 * overridden: the copy path is Kafka's own.
	 */
	private static final class MeteredConsumer extends KafkaConsumer<byte[], byte[]> {

		private volatile @Nullable AutoCloseable binding;

		MeteredConsumer(Map<String, Object> config) {
			super(config);
		}

		@Override
		public void close() {
			try {
				super.close();
			}
			finally {
				unbind();
			}
		}

		@Override
		@SuppressWarnings("deprecation")
		public void close(Duration timeout) {
			try {
				super.close(timeout);
			}
			finally {
				unbind();
			}
		}

		@Override
		public void close(CloseOptions option) {
			try {
				super.close(option);
			}
			finally {
				unbind();
			}
		}

		private void unbind() {
			AutoCloseable current = this.binding;
			if (current != null) {
				KafkaClientMeters.closeQuietly(current);
			}
		}

	}

	/**
	 * A destination producer, whose meters go when it is closed (also when aborted:
	 * removing meters touches only the registry). Only {@code close} is overridden: the
	 * copy path is Kafka's own.
	 */
	private static final class MeteredProducer extends KafkaProducer<byte[], byte[]> {

		private volatile @Nullable AutoCloseable binding;

		MeteredProducer(Map<String, Object> config) {
			super(config);
		}

		@Override
		public void close() {
			try {
				super.close();
			}
			finally {
				unbind();
			}
		}

		@Override
		public void close(Duration timeout) {
			try {
				super.close(timeout);
			}
			finally {
				unbind();
			}
		}

		private void unbind() {
			AutoCloseable current = this.binding;
			if (current != null) {
				KafkaClientMeters.closeQuietly(current);
			}
		}

	}

	@Override
	public @Nullable Halt checkTail(PartitionMirror partition, long destinationEnd, long destinationStart) {
		return this.tailCheck.check(partition, destinationEnd, destinationStart);
	}

}
