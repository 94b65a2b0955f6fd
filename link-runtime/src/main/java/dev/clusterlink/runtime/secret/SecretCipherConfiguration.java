package dev.clusterlink.runtime.secret;

import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.kafka.KafkaJvmHardening;
import dev.clusterlink.runtime.kafka.guard.NetworkGuardConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The cipher of cluster secrets at rest ({@code clusterlink.secret.*}, the same key in
 * every service), and the JVM-wide Kafka hardening checked before any client exists.
 * Every service imports it; a missing or malformed key stops the start with
 * {@link SecretKeyFailureAnalyzer}'s explanation. It also brings the network guard of
 * registered clusters ({@link NetworkGuardConfiguration}), which every service needs for
 * the same reason.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretProperties.class)
@Import(NetworkGuardConfiguration.class)
public class SecretCipherConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecretCipherConfiguration.class);

	@Bean
	SecretCipher secretCipher(SecretProperties properties) {
		KafkaJvmHardening.apply();
		SecretCipher cipher = SecretCipher.fromSettings(properties.key(), properties.previous(),
				properties.allowDevKey());
		if (properties.key() == null || properties.key().isBlank()) {
			log.warn("CLUSTERLINK_SECRET_KEY is not set: cluster secrets use the public development key. "
					+ "Never use this outside local development.");
		}
		log.info("cluster secrets: current key id {}, {} previous key(s)", cipher.currentKeyId(),
				properties.previous().size());
		return cipher;
	}

}
