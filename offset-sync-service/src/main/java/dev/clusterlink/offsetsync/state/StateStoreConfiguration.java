package dev.clusterlink.offsetsync.state;

import java.time.Clock;

import javax.sql.DataSource;

import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.kafka.KafkaJvmHardening;
import dev.clusterlink.offsetsync.OffsetSyncProperties;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.runtime.offsets.GroupOffsetSync;
import dev.clusterlink.runtime.store.LinkTaskStatus;
import dev.clusterlink.runtime.store.StateStoreReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The state store as this service uses it (plain JDBC from shared-model): links, mirrors
 * and clusters (secrets decrypted), the link task status, and the offset sync that
 * records its rounds.
 */
@Configuration(proxyBeanMethods = false)
class StateStoreConfiguration {

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

	/**
	 * One Admin client per registered cluster, shared by the links, closed at shutdown.
	 */
	@Bean(destroyMethod = "close")
	ClusterAdmins clusterAdmins(StateStoreReader reader, OffsetSyncProperties properties) {
		return new ClusterAdmins(reader, "clusterlink-offset-sync-" + properties.resolvedInstanceId(),
				properties.adminTimeout());
	}

	@Bean
	LinkTaskStatus linkTaskStatus(DataSource dataSource) {
		return new LinkTaskStatus(dataSource);
	}

	@Bean
	GroupOffsetSync groupOffsetSync(DataSource dataSource, Clock clock) {
		return new GroupOffsetSync(dataSource, clock);
	}

}
