package dev.clusterlink.testsupport;

import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Two real Kafka clusters for integration tests, in this JVM: spring-kafka-test's KRaft
 * broker, one for the source and one for the destination (which also serves as the
 * control cluster). Started on first use and shared by every test of the JVM; stopped
 * when the JVM exits.
 */
public final class TestKafka {

	private static EmbeddedKafkaKraftBroker source;

	private static EmbeddedKafkaKraftBroker destination;

	private TestKafka() {
	}

	/** Bootstrap servers of the source cluster. */
	public static synchronized String sourceBootstrap() {
		if (source == null) {
			source = start("source");
		}
		return source.getBrokersAsString();
	}

	/** Bootstrap servers of the destination cluster (also the control cluster). */
	public static synchronized String destinationBootstrap() {
		if (destination == null) {
			destination = start("destination");
		}
		return destination.getBrokersAsString();
	}

	/** Stops both brokers (at the end of a test run, after the clients that use them). */
	public static synchronized void stopAll() {
		for (EmbeddedKafkaKraftBroker broker : new EmbeddedKafkaKraftBroker[] { source, destination }) {
			if (broker != null) {
				try {
					broker.destroy();
				}
				catch (RuntimeException ex) {
					System.err.println("stopping a test broker failed: " + ex);
				}
			}
		}
		source = null;
		destination = null;
	}

	private static EmbeddedKafkaKraftBroker start(String which) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperties(Map.of("auto.create.topics.enable", "false", "log.retention.check.interval.ms", "1000",
				"group.initial.rebalance.delay.ms", "0", "transaction.state.log.replication.factor", "1",
				"transaction.state.log.min.isr", "1", "offsets.topic.replication.factor", "1"));
		// the two brokers must not both publish themselves under spring-kafka-test's one
		// system property
		broker.brokerListProperty("clusterlink.test.kafka." + which);
		broker.afterPropertiesSet();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			synchronized (TestKafka.class) {
				if (source == broker || destination == broker) {
					broker.destroy();
				}
			}
		}, "stop-test-kafka-" + which));
		return broker;
	}

}
