package dev.clusterlink.mirrorworker.status;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
 * client; closing a binding cancels its client's refresh and then removes its meters (the
 * pipeline closes it with the client). The cancel matters: Micrometer's
 * {@code KafkaMetrics.close()} neither cancels a refresh scheduled on an executor it does
 * not own nor lets go of the client, and the next refresh of a closed client would
 * register its meters again, frozen.
 */
@Component
public class KafkaClientMeters implements DisposableBean {

	private final MeterRegistry registry;

	private final ScheduledThreadPoolExecutor scheduler;

	public KafkaClientMeters(MeterRegistry registry) {
		this.registry = registry;
		this.scheduler = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "kafka-client-meters");
			thread.setDaemon(true);
			return thread;
		});
		// a cancelled refresh leaves the queue at once, and with it its client
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/**
	 * A destination producer; tagged with its producer session too, since the producer
	 * after an abort has the same client id and may be bound before the aborted one's
	 * meters are removed (by the thread that aborted it).
	 */
	public AutoCloseable bind(Producer<?, ?> producer, String link, long session) {
		ClientScheduler refresh = new ClientScheduler(this.scheduler);
		return bound(
				new KafkaClientMetrics(producer, Tags.of("link", link, "session", Long.toString(session)), refresh),
				refresh);
	}

	public AutoCloseable bind(Consumer<?, ?> consumer, String link) {
		ClientScheduler refresh = new ClientScheduler(this.scheduler);
		return bound(new KafkaClientMetrics(consumer, Tags.of("link", link), refresh), refresh);
	}

	public AutoCloseable bind(AdminClient admin, String link) {
		ClientScheduler refresh = new ClientScheduler(this.scheduler);
		return bound(new KafkaClientMetrics(admin, Tags.of("link", link), refresh), refresh);
	}

	private AutoCloseable bound(KafkaClientMetrics metrics, ClientScheduler refresh) {
		metrics.bindTo(this.registry);
		return () -> {
			refresh.shutdownNow();
			metrics.close();
		};
	}

	/** Refreshes still scheduled, for every client bound (tests). */
	public int scheduledRefreshes() {
		return this.scheduler.getQueue().size();
	}

	/** Removes a client's meters (only the registry is touched: no I/O, no wait). */
	public static void closeQuietly(AutoCloseable binding) {
		try {
			binding.close();
		}
		catch (Exception ex) {
			// cancelling and removing meters do no I/O
		}
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

	/**
	 * One client's view of the shared refresh thread: what it schedules is remembered,
	 * and shutting it down cancels exactly that (the shared thread goes on for the
	 * others).
	 */
	private static final class ClientScheduler extends AbstractExecutorService implements ScheduledExecutorService {

		private final ScheduledExecutorService shared;

		private final ConcurrentLinkedQueue<Future<?>> scheduled = new ConcurrentLinkedQueue<>();

		private volatile boolean shutdown;

		ClientScheduler(ScheduledExecutorService shared) {
			this.shared = shared;
		}

		private <F extends Future<?>> F remember(F future) {
			this.scheduled.add(future);
			if (this.shutdown) {
				future.cancel(false);
			}
			return future;
		}

		private void open() {
			if (this.shutdown) {
				throw new RejectedExecutionException("the client's meters are closed");
			}
		}

		@Override
		public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
			open();
			return remember(this.shared.schedule(command, delay, unit));
		}

		@Override
		public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
			open();
			return remember(this.shared.schedule(callable, delay, unit));
		}

		@Override
		public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
			open();
			return remember(this.shared.scheduleAtFixedRate(command, initialDelay, period, unit));
		}

		@Override
		public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
				TimeUnit unit) {
			open();
			return remember(this.shared.scheduleWithFixedDelay(command, initialDelay, delay, unit));
		}

		@Override
		public void execute(Runnable command) {
			open();
			remember(this.shared.submit(command));
		}

		@Override
		public void shutdown() {
			shutdownNow();
		}

		@Override
		public List<Runnable> shutdownNow() {
			this.shutdown = true;
			Future<?> future;
			while ((future = this.scheduled.poll()) != null) {
				future.cancel(false);
			}
			return List.of();
		}

		@Override
		public boolean isShutdown() {
			return this.shutdown;
		}

		@Override
		public boolean isTerminated() {
			return this.shutdown;
		}

		@Override
		public boolean awaitTermination(long timeout, TimeUnit unit) {
			return this.shutdown;
		}

	}

}
