package dev.clusterlink.mirrorworker.status;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code clusterlink_worker_ready}: 1 while the worker's readiness group
 * ({@code /actuator/health/readiness}: the readiness state and PostgreSQL) is UP, else 0;
 * read at each scrape, so an alert can tell "no worker ready" from "no worker answering".
 */
@Component
class WorkerReadiness implements MeterBinder {

	private final ObjectProvider<HealthEndpoint> health;

	WorkerReadiness(ObjectProvider<HealthEndpoint> health) {
		this.health = health;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("clusterlink.worker.ready", this, WorkerReadiness::ready)
			.description("1 while the worker's readiness group is UP (the readiness state and PostgreSQL)")
			.register(registry);
	}

	double ready() {
		HealthEndpoint endpoint = this.health.getIfAvailable();
		if (endpoint == null) {
			return Double.NaN;
		}
		try {
			HealthDescriptor readiness = endpoint.healthForPath("readiness");
			return (readiness != null && Status.UP.equals(readiness.getStatus())) ? 1 : 0;
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

}
