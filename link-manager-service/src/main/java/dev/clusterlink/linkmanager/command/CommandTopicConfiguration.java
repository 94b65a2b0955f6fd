package dev.clusterlink.linkmanager.command;

import java.util.Map;
import java.util.Optional;

import dev.clusterlink.runtime.control.ControlCluster;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The link manager's clients of the control cluster, built from {@link ControlCluster}
 * ({@code clusterlink.control.*}, as in every service; Spring Boot's
 * {@code spring.kafka.*} is not read): the command producer, the admin that creates the
 * command topic when it is missing, and that topic.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ControlCluster.class)
class CommandTopicConfiguration {

	@Bean
	NewTopic commandTopic(ControlCluster control, CommandTopicProperties topic) {
		Optional<Short> replication = (topic.replicationFactor() > 0) ? Optional.of(topic.replicationFactor())
				: Optional.empty();
		return new NewTopic(control.commandTopic(), Optional.of(topic.partitions()), replication);
	}

	/**
	 * The command producer: acknowledged by all replicas, and bounded so that a request
	 * thread never waits long for a control cluster that is down (a lost command is
	 * repaired by the periodic reconcile); a shutdown waits at most 5 s for unsent ones.
	 */
	@Bean
	ProducerFactory<String, String> commandProducerFactory(ControlCluster control) {
		Map<String, Object> config = control.clientConfig("clusterlink-link-manager");
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30000);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
		DefaultKafkaProducerFactory<String, String> factory = new DefaultKafkaProducerFactory<>(config,
				new StringSerializer(), new StringSerializer());
		factory.setPhysicalCloseTimeout(5);
		return factory;
	}

	@Bean
	KafkaTemplate<String, String> commandTemplate(ProducerFactory<String, String> commandProducerFactory) {
		return new KafkaTemplate<>(commandProducerFactory);
	}

	/**
	 * Creates {@link #commandTopic} at start-up when it is missing; never fails the
	 * start.
	 */
	@Bean
	KafkaAdmin commandTopicAdmin(ControlCluster control) {
		Map<String, Object> config = control.clientConfig("clusterlink-link-manager-admin");
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
		KafkaAdmin admin = new KafkaAdmin(config);
		admin.setFatalIfBrokerNotAvailable(false);
		return admin;
	}

}
