package dev.clusterlink.runtime.task;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.runtime.kafka.ClusterAdmins.Target;
import dev.clusterlink.runtime.kafka.ClusterSide;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.jspecify.annotations.Nullable;

/**
 * Names a failed cluster call the way an operator fixes it, and decides the task state
 * (the Debezium habit: retriable versus needs-a-person). A cluster that does not answer,
 * refuses the credentials, denies a permission or has no authorizer is
 * {@link TaskState#UNAVAILABLE}; anything else is {@link TaskState#IN_ERROR}. Both go
 * through the same back-off; the state only tells the operator where to look.
 */
public final class FailureClassifier {

	private FailureClassifier() {
	}

	/**
	 * Classifies a failed call.
	 * @param side which cluster of the link
	 * @param operation the Admin operation, e.g. {@code describeAcls}
	 * @param target the cluster's client, for its name and secrets; null when unknown
	 * @param failure what the call threw
	 * @param denied how the service words a refused permission
	 * @return the state and the reason the link task shows
	 */
	public static Classified classify(ClusterSide side, String operation, @Nullable Target target, Throwable failure,
			DeniedAdvice denied) {
		String where = side.word() + ((target != null) ? " cluster '" + target.name() + "'" : "");
		if (failure instanceof InterruptedException) {
			Thread.currentThread().interrupt();
			return unavailable(operation + " on the " + side.word() + " was interrupted");
		}
		Throwable cause = KafkaErrors.unwrap(failure);
		String described = (target != null) ? target.describe(failure) : cause.getClass().getSimpleName();
		return switch (cause) {
			case SecurityDisabledException disabled -> unavailable(
					side.word() + " has no authorizer (" + ((target != null) ? "cluster '" + target.name() + "' " : "")
							+ "answered " + operation + " with " + described + ")");
			case AuthorizationException refused -> unavailable(denied.explain(side, target, operation, described));
			case AuthenticationException auth -> unavailable(where + " refused the credentials: " + described);
			case TimeoutException timeout ->
				unavailable(where + " unavailable: it did not answer " + operation + " in time");
			default -> isUnavailable(cause) ? unavailable(where + " unavailable (" + operation + "): " + described)
					: new Classified(TaskState.IN_ERROR, operation + " on the " + where + " failed: " + described);
		};
	}

	/**
	 * Whether the cluster did not answer: a retriable error, a timeout or an interrupt
	 * anywhere in the chain, or the Admin client's "Failed to find brokers" (which it
	 * wraps in a plain KafkaException).
	 * @param failure what a call threw
	 * @return true when waiting may fix it
	 */
	public static boolean isUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RetriableException || cause instanceof TimeoutException
					|| cause instanceof InterruptedException
					|| (cause.getMessage() != null && cause.getMessage().startsWith("Failed to find brokers"))) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static Classified unavailable(String reason) {
		return new Classified(TaskState.UNAVAILABLE, reason);
	}

	/**
	 * A classified failure.
	 *
	 * @param state UNAVAILABLE or IN_ERROR
	 * @param reason what went wrong, without secrets
	 */
	public record Classified(TaskState state, String reason) {

		/** The failed round this makes. */
		public RoundResult.Failed failed(Duration interval) {
			return new RoundResult.Failed(this.state, this.reason, interval);
		}

	}

	/** How a service words a permission its link's principal lacks, and what to grant. */
	@FunctionalInterface
	public interface DeniedAdvice {

		/**
		 * @param side which cluster
		 * @param target the cluster's client, null when unknown
		 * @param operation the refused call
		 * @param described the failure without secrets
		 * @return the reason the link task shows
		 */
		String explain(ClusterSide side, @Nullable Target target, String operation, String described);

	}

}
