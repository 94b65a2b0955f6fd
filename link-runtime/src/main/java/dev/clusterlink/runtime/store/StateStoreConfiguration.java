package dev.clusterlink.runtime.store;

import javax.sql.DataSource;

import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.runtime.secret.SecretCipherConfiguration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The state store as the sync services read it, with plain JDBC: links, mirrors and
 * clusters (secrets decrypted with {@code clusterlink.secret.*}), and the link task
 * status.
 */
@Configuration(proxyBeanMethods = false)
@Import(SecretCipherConfiguration.class)
public class StateStoreConfiguration {

	@Bean
	StateStoreReader stateStoreReader(DataSource dataSource, SecretCipher cipher) {
		return new StateStoreReader(dataSource, cipher);
	}

	@Bean
	LinkTaskStatus linkTaskStatus(DataSource dataSource) {
		return new LinkTaskStatus(dataSource);
	}

}
