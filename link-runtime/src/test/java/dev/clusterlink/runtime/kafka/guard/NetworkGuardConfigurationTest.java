package dev.clusterlink.runtime.kafka.guard;

import java.net.InetAddress;

import dev.clusterlink.runtime.secret.SecretCipherConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkGuardConfigurationTest {

	private final ClusterEndpointGuard previous = ClusterEndpointGuard.installed();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SecretCipherConfiguration.class)
		.withPropertyValues("clusterlink.secret.allow-dev-key=true");

	@AfterEach
	void restore() {
		ClusterEndpointGuard.install(this.previous);
	}

	@Test
	void everyServiceInstallsTheConfiguredPolicy() {
		this.runner.withPropertyValues("clusterlink.network.deny=127.0.0.0/8,::1", "clusterlink.network.allow=")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ClusterEndpointGuard.class);
				assertThat(ClusterEndpointGuard.installed()).isSameAs(context.getBean(ClusterEndpointGuard.class));
				assertThat(ClusterEndpointGuard.installed().policy().refusalOf(InetAddress.getByName("127.0.0.1")))
					.contains("127.0.0.0/8 (denied by configuration)");
				assertThat(ClusterEndpointGuard.installed().policy().refusalOf(InetAddress.getByName("10.0.0.1")))
					.isNull();
			});
	}

	@Test
	void aMalformedEntryStopsTheStart() {
		this.runner.withPropertyValues("clusterlink.network.deny=not-a-network")
			.run((context) -> assertThat(context).hasFailed());
	}

}
