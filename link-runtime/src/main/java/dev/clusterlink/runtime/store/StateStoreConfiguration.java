package dev.clusterlink.runtime.store;

import javax.sql.DataSource;

import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.kafka.KafkaJvmHardening;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The state store as the sync services read it, with plain JDBC: links, mirrors and
 * clusters (secrets decrypted with {@code clusterlink.secret.*}), and the link task
 * status.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretProperties.class)
public class StateStoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(StateStoreConfiguration.class);

	@Bean
	SecretCipher secretCipher(SecretProperties properties) {
		KafkaJvmHardening.apply();
		SecretCipher cipher = SecretCipher.fromSettings(properties.key(), properties.previous(),
				properties.allowDevKey());
		if (properties.key() == null || properties.key().isBlank()) {
			log.warn("CLUSTERLINK_SECRET_KEY is not set: cluster secrets are read with the public development key. "
					+ "Never use this outside local development.");
		}
		log.info("secret decryption: current key id {}, {} previous key(s)", cipher.currentKeyId(),
				properties.previous().size());
		return cipher;
	}

	@Bean
	StateStoreReader stateStoreReader(DataSource dataSource, SecretCipher cipher) {
		return new StateStoreReader(dataSource, cipher);
	}

	@Bean
	LinkTaskStatus linkTaskStatus(DataSource dataSource) {
		return new LinkTaskStatus(dataSource);
	}

}
