package dev.clusterlink.linkmanager.command;

import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the command topic on the control cluster at start-up when it is missing, and
 * bounds how long a shutdown waits for unsent commands (a lost command is repaired by the
 * periodic reconcile).
 */
@Configuration(proxyBeanMethods = false)
class CommandTopicConfiguration {

	@Bean
	NewTopic commandTopic(CommandTopicProperties topic) {
		Optional<Short> replication = (topic.replicationFactor() > 0) ? Optional.of(topic.replicationFactor())
				: Optional.empty();
		return new NewTopic(topic.name(), Optional.of(topic.partitions()), replication);
	}

	@Bean
	DefaultKafkaProducerFactoryCustomizer boundedProducerClose() {
		return (factory) -> factory.setPhysicalCloseTimeout(5);
	}

}
