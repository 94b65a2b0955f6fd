package dev.clusterlink.linkmanager.security;

import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.kafka.KafkaJvmHardening;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The secret cipher, and the JVM-wide Kafka hardening checked at start-up. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	@Bean
	SecretCipher secretCipher(SecretProperties properties) {
		KafkaJvmHardening.apply();
		SecretCipher cipher = SecretCipher.fromSettings(properties.key(), properties.previous(),
				properties.allowDevKey());
		if (properties.key() == null || properties.key().isBlank()) {
			log.warn(
					"CLUSTERLINK_SECRET_KEY is not set: cluster secrets are encrypted with the public development key. "
							+ "Never use this outside local development.");
		}
		log.info("secret encryption: current key id {}, {} previous key(s)", cipher.currentKeyId(),
				properties.previous().size());
		return cipher;
	}

}
