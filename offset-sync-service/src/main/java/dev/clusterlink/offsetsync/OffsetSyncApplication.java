package dev.clusterlink.offsetsync;

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
 * The consumer-offset sync service: syncs consumer-group offsets source → destination for
 * the links it owns; the link-task runtime (link-runtime) runs its rounds.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(LinkTaskConfiguration.class)
public class OffsetSyncApplication {

	public static void main(String[] args) {
		KafkaJvmHardening.apply();
		SpringApplication.run(OffsetSyncApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	LinkTaskSettings linkTaskSettings(OffsetSyncProperties properties) {
		return properties.settings();
	}

}
