package dev.clusterlink.mirrorworker;

import dev.clusterlink.kafka.KafkaJvmHardening;
import dev.clusterlink.runtime.control.ControlCluster;
import dev.clusterlink.runtime.kafka.ClusterAdmins;
import dev.clusterlink.runtime.store.StateStoreConfiguration;
import dev.clusterlink.runtime.store.StateStoreReader;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The mirror worker: copies mirror topics from source to destination clusters. The state
 * store's readers and the secret cipher come from link-runtime
 * ({@link StateStoreConfiguration}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties(ControlCluster.class)
@Import(StateStoreConfiguration.class)
public class MirrorWorkerApplication {

	public static void main(String[] args) {
		KafkaJvmHardening.apply();
		SpringApplication.run(MirrorWorkerApplication.class, args);
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

}
