package dev.clusterlink.aclsync;

import java.time.Clock;

import dev.clusterlink.kafka.KafkaJvmHardening;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The ACL sync service: copies ACLs source → destination for the links it owns. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AclSyncApplication {

	public static void main(String[] args) {
		KafkaJvmHardening.apply();
		SpringApplication.run(AclSyncApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
