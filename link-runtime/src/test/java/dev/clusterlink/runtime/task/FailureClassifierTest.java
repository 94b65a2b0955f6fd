package dev.clusterlink.runtime.task;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import dev.clusterlink.runtime.kafka.ClusterAdmins.Target;
import dev.clusterlink.runtime.kafka.ClusterSide;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one failure classifier of the link tasks: everything either sync service recognised
 * before, "Failed to find brokers" included, and no secret in a reason.
 */
class FailureClassifierTest {

	private static final Target CLUSTER = new Target("dst", null, List.of("s3cr3t-value"));

	private static final FailureClassifier.DeniedAdvice ADVICE = (side, target, operation, described) -> side.word()
			+ " denies " + operation + ": grant it";

	@Test
	void noBrokerFoundIsUnavailableAnywhereInTheChain() {
		FailureClassifier.Classified classified = classify(new ExecutionException(
				new KafkaException(new KafkaException("Failed to find brokers to send ListGroups"))));
		assertThat(classified.state()).isEqualTo(TaskState.UNAVAILABLE);
		assertThat(classified.reason()).startsWith("destination cluster 'dst' unavailable (listGroups): ");
	}

	@Test
	void retriableErrorsAndTimeoutsAreUnavailable() {
		assertThat(classify(new ExecutionException(new DisconnectException("gone"))).state())
			.isEqualTo(TaskState.UNAVAILABLE);
		FailureClassifier.Classified timeout = classify(new TimeoutException());
		assertThat(timeout.state()).isEqualTo(TaskState.UNAVAILABLE);
		assertThat(timeout.reason())
			.isEqualTo("destination cluster 'dst' unavailable: it did not answer listGroups in time");
	}

	@Test
	void anInterruptIsUnavailableAndKeepsTheInterruptFlag() {
		FailureClassifier.Classified classified = classify(new InterruptedException());
		assertThat(Thread.interrupted()).isTrue();
		assertThat(classified).isEqualTo(new FailureClassifier.Classified(TaskState.UNAVAILABLE,
				"listGroups on the destination was interrupted"));
	}

	@Test
	void refusedCredentialsPermissionsAndAMissingAuthorizerAreUnavailable() {
		FailureClassifier.Classified credentials = classify(
				new ExecutionException(new SaslAuthenticationException("bad password s3cr3t-value")));
		assertThat(credentials.state()).isEqualTo(TaskState.UNAVAILABLE);
		assertThat(credentials.reason()).startsWith("destination cluster 'dst' refused the credentials: ")
			.doesNotContain("s3cr3t-value");
		assertThat(classify(new ExecutionException(new ClusterAuthorizationException("no")))).isEqualTo(
				new FailureClassifier.Classified(TaskState.UNAVAILABLE, "destination denies listGroups: grant it"));
		assertThat(classify(new GroupAuthorizationException("no")).state()).isEqualTo(TaskState.UNAVAILABLE);
		FailureClassifier.Classified noAuthorizer = classify(
				new ExecutionException(new SecurityDisabledException("no")));
		assertThat(noAuthorizer.state()).isEqualTo(TaskState.UNAVAILABLE);
		assertThat(noAuthorizer.reason())
			.startsWith("destination has no authorizer (cluster 'dst' answered listGroups");
	}

	@Test
	void anythingElseIsInErrorAndBacksOffFromTheLinksInterval() {
		FailureClassifier.Classified classified = classify(new ExecutionException(new InvalidRequestException("bad")));
		assertThat(classified.state()).isEqualTo(TaskState.IN_ERROR);
		assertThat(classified.reason()).startsWith("listGroups on the destination cluster 'dst' failed: ");
		assertThat(classified.failed(Duration.ofSeconds(7)))
			.isEqualTo(new RoundResult.Failed(TaskState.IN_ERROR, classified.reason(), Duration.ofSeconds(7)));
	}

	private static FailureClassifier.Classified classify(Exception failure) {
		return FailureClassifier.classify(ClusterSide.DESTINATION, "listGroups", CLUSTER, failure, ADVICE);
	}

}
