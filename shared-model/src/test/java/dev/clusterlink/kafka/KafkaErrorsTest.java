package dev.clusterlink.kafka;

import java.util.List;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.network.InvalidReceiveException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaErrorsTest {

	@Test
	void neverEchoesWhatTheEndpointSent() {
		// 1213486160 is "HTTP" read as a size: the target's bytes
		String invalid = KafkaErrors.describe(
				new ExecutionException(new InvalidReceiveException("Invalid receive (size = 1213486160)")), List.of());
		assertThat(invalid).isEqualTo("the endpoint answered with bytes that are not the Kafka protocol")
			.doesNotContain("1213486160");
		String sasl = KafkaErrors.describe(new SaslAuthenticationException("text chosen by the server"), List.of());
		assertThat(sasl).isEqualTo("authentication failed: the cluster rejected the credentials");
		assertThat(KafkaErrors.isAuthFailure(new SaslAuthenticationException("x"))).isTrue();
		assertThat(KafkaErrors.describe(
				new ClusterEndpointRefusedException("cluster 'pg': 127.0.0.1:5432 answered, but not as a Kafka broker"),
				List.of()))
			.isEqualTo("cluster 'pg': 127.0.0.1:5432 answered, but not as a Kafka broker");
	}

	@Test
	void keepsLocalTextsAndHidesSecrets() {
		assertThat(
				KafkaErrors.describe(new TimeoutException("Timed out waiting for a node s3cret!"), List.of("s3cret!")))
			.startsWith("no answer in time")
			.contains("[hidden]")
			.doesNotContain("s3cret!");
	}

}
