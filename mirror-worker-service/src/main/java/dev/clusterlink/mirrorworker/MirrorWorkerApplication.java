package dev.clusterlink.mirrorworker;

import javax.sql.DataSource;

import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.kafka.KafkaJvmHardening;
import dev.clusterlink.runtime.control.ControlCluster;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.runtime.store.LinkTaskStatus;
import dev.clusterlink.runtime.store.StateStoreReader;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The mirror worker: copies mirror topics from source to destination clusters. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties(ControlCluster.class)
public class MirrorWorkerApplication {

	public static void main(String[] args) {
		KafkaJvmHardening.apply();
		SpringApplication.run(MirrorWorkerApplication.class, args);
	}

	@Bean
	SecretCipher secretCipher(SecretProperties secret) {
		KafkaJvmHardening.apply();
		return SecretCipher.fromSettings(secret.key(), secret.previous(), secret.allowDevKey());
	}

	@Bean
	StateStoreReader stateStoreReader(DataSource dataSource, SecretCipher cipher) {
		return new StateStoreReader(dataSource, cipher);
	}

	/**
	 * The Admin clients and connections of registered clusters, shared by every link of a
	 * cluster on this worker (client ids
	 * {@code clusterlink-worker-<instance>-<cluster>}).
	 */
	@Bean
	ClusterAdmins clusterAdmins(StateStoreReader reader, WorkerProperties properties) {
		return new ClusterAdmins(reader, "clusterlink-worker-" + properties.instanceId(), properties.adminTimeout());
	}

	@Bean
	LinkTaskStatus linkTaskStatus(DataSource dataSource) {
		return new LinkTaskStatus(dataSource);
	}

}
