package dev.clusterlink.kafka;

import org.apache.kafka.common.KafkaException;

/**
 * No Kafka client is built for a registered cluster: one of its bootstrap addresses is in
 * a denied network or answered but not as a Kafka broker. The message is fixed text (the
 * endpoint and the rule or verdict), never bytes read from the endpoint. An operator must
 * fix the cluster's registration; retrying does not help until the endpoint changes.
 */
public class ClusterEndpointRefusedException extends KafkaException {

	public ClusterEndpointRefusedException(String message) {
		super(message);
	}

}
