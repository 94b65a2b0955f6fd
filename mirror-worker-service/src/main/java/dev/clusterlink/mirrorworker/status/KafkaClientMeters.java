package dev.clusterlink.mirrorworker.status;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Binds the Kafka clients' own metrics (buffer exhaustion, request latency, fetch lag,
 * connection counts: {@code kafka_producer_*}, {@code kafka_consumer_*},
 * {@code kafka_admin_client_*}) of the clients a link pipeline creates, tagged with the
 * link and Kafka's {@code client_id}. One daemon thread refreshes the meter set of every
 * client; closing a binding removes the client's meters (the pipeline closes it with the
 * client).
 */
@Component
public class KafkaClientMeters implements DisposableBean {

	private final MeterRegistry registry;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "kafka-client-meters");
		thread.setDaemon(true);
		return thread;
	});

	public KafkaClientMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * A destination producer; tagged with its producer session too, since the producer
	 * after an abort has the same client id and may be bound before the aborted one's
	 * meters are removed (by the thread that aborted it).
	 */
	public AutoCloseable bind(Producer<?, ?> producer, String link, long session) {
		return bound(new KafkaClientMetrics(producer, Tags.of("link", link, "session", Long.toString(session)),
				this.scheduler));
	}

	public AutoCloseable bind(Consumer<?, ?> consumer, String link) {
		return bound(new KafkaClientMetrics(consumer, Tags.of("link", link), this.scheduler));
	}

	public AutoCloseable bind(AdminClient admin, String link) {
		return bound(new KafkaClientMetrics(admin, Tags.of("link", link), this.scheduler));
	}

	private AutoCloseable bound(KafkaClientMetrics metrics) {
		metrics.bindTo(this.registry);
		return metrics;
	}

	/** Removes a client's meters (only the registry is touched: no I/O, no wait). */
	public static void closeQuietly(AutoCloseable binding) {
		try {
			binding.close();
		}
		catch (Exception ex) {
			// KafkaClientMetrics.close only removes meters
		}
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
