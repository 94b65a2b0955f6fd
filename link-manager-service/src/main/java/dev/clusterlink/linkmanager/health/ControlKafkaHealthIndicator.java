package dev.clusterlink.linkmanager.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.clusterlink.runtime.control.ControlCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the control Kafka cluster that carries the command topic: the service is
 * not ready when it cannot publish commands. Results are cached briefly so probes do not
 * hammer the cluster. Never part of liveness: a Kafka outage must not restart the
 * service.
 */
@Component("controlKafka")
class ControlKafkaHealthIndicator implements HealthIndicator, DisposableBean {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private static final Duration CACHE = Duration.ofSeconds(5);

	private final Admin admin;

	private final AtomicReference<Cached> last = new AtomicReference<>();

	ControlKafkaHealthIndicator(ControlCluster control) {
		Map<String, Object> config = control.clientConfig("clusterlink-health");
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		this.admin = Admin.create(config);
	}

	@Override
	public Health health() {
		Cached cached = this.last.get();
		if (cached != null && cached.at().plus(CACHE).isAfter(Instant.now())) {
			return cached.health();
		}
		Health health = check();
		this.last.set(new Cached(Instant.now(), health));
		return health;
	}

	private Health check() {
		try {
			var cluster = this.admin.describeCluster();
			String clusterId = cluster.clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			int brokers = cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
			return Health.up().withDetail("clusterId", clusterId).withDetail("brokers", brokers).build();
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return Health.down().withDetail("error", ex.getClass().getSimpleName()).build();
		}
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ZERO);
	}

	private record Cached(Instant at, Health health) {
	}

}
