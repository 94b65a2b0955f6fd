package dev.clusterlink.offsetsync;

import java.time.Clock;

import dev.clusterlink.kafka.KafkaJvmHardening;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The consumer-offset sync service: syncs consumer-group offsets source → destination for
 * the links it owns.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OffsetSyncApplication {

	public static void main(String[] args) {
		KafkaJvmHardening.apply();
		SpringApplication.run(OffsetSyncApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
