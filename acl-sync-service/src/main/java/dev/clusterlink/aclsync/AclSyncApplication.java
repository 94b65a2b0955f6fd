package dev.clusterlink.aclsync;

import java.time.Clock;

import dev.clusterlink.kafka.KafkaJvmHardening;
import dev.clusterlink.runtime.task.LinkTaskConfiguration;
import dev.clusterlink.runtime.task.LinkTaskSettings;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The ACL sync service: copies ACLs source → destination for the links it owns; the
 * link-task runtime (link-runtime) runs its rounds.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(LinkTaskConfiguration.class)
public class AclSyncApplication {

	public static void main(String[] args) {
		KafkaJvmHardening.apply();
		SpringApplication.run(AclSyncApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	LinkTaskSettings linkTaskSettings(AclSyncProperties properties) {
		return properties.settings();
	}

}
