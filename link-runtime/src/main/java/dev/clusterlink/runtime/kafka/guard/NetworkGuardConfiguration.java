package dev.clusterlink.runtime.kafka.guard;

import java.net.InetAddress;

import dev.clusterlink.kafka.NetworkPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Installs the configured {@link ClusterEndpointGuard} ({@code clusterlink.network.*})
 * before any client of a registered cluster is built. Every service imports it through
 * {@link dev.clusterlink.runtime.secret.SecretCipherConfiguration}; an entry that is not
 * an address or CIDR stops the start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NetworkProperties.class)
public class NetworkGuardConfiguration {

	private static final Logger log = LoggerFactory.getLogger(NetworkGuardConfiguration.class);

	@Bean
	ClusterEndpointGuard clusterEndpointGuard(NetworkProperties properties) {
		NetworkPolicy policy = NetworkPolicy.of(properties.allow(), properties.deny());
		ClusterEndpointGuard guard = new ClusterEndpointGuard(policy,
				new KafkaListenerProbe(properties.probeConnectTimeout(), properties.probeReplyTimeout()),
				InetAddress::getAllByName, System::nanoTime);
		ClusterEndpointGuard.install(guard);
		log.info("cluster endpoint guard: {}", policy);
		return guard;
	}

}
