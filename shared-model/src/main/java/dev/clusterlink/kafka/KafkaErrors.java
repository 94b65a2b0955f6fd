package dev.clusterlink.kafka;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Collection;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLException;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.network.InvalidReceiveException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Turns Kafka client failures into short messages an operator can act on, with secret
 * values removed, and classifies them (DESIGN.md's retriable-versus-fatal split).
 */
public final class KafkaErrors {

	private KafkaErrors() {
	}

	/** The failure behind the wrappers of futures and executors. */
	public static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof ExecutionException || current instanceof CompletionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/**
	 * A one-line description of a failure. It never contains bytes or text chosen by the
	 * endpoint (a non-Kafka server's reply read as a size, a broker's SASL error text),
	 * so a cluster check cannot be used to read another service's replies.
	 * @param failure what the client threw
	 * @param secrets values to remove from the text (e.g. the cluster's passwords)
	 * @return the description, with secrets replaced by {@code [hidden]}
	 */
	public static String describe(Throwable failure, Collection<String> secrets) {
		Throwable cause = unwrap(failure);
		String message = String.valueOf(cause.getMessage());
		String text = switch (cause) {
			case TimeoutException timeout ->
				"no answer in time (is the cluster reachable at its bootstrap servers?): " + message;
			case ClusterEndpointRefusedException refused -> refused.getMessage(); // fixed
																					// text
			// a size or a text chosen by the endpoint: never echo it (TLS text is local)
			case InvalidReceiveException invalid -> "the endpoint answered with bytes that are not the Kafka protocol";
			case SslAuthenticationException tls -> "authentication failed: " + tlsReason(tls);
			case SaslAuthenticationException sasl -> "authentication failed: the cluster rejected the credentials";
			case AuthenticationException auth ->
				"authentication failed (" + auth.getClass().getSimpleName() + "): the cluster rejected the connection";
			case AuthorizationException denied -> "not authorized: " + message;
			default -> cause.getClass().getSimpleName() + ": " + message;
		};
		for (String secret : secrets) {
			if (secret != null && secret.length() >= 4) {
				text = text.replace(secret, ClientPropertyPolicy.HIDDEN);
			}
		}
		return (text.length() > 500) ? text.substring(0, 500) + "…" : text;
	}

	/**
	 * Why a TLS handshake failed, in fixed words for the three causes an operator meets
	 * most: an untrusted CA, a certificate for another host name, a listener that wants a
	 * (another) client certificate. Otherwise the Kafka client's own text (local, e.g.
	 * {@code SSL handshake failed}).
	 */
	static String tlsReason(SslAuthenticationException failure) {
		String reason = null;
		for (Throwable cause = failure.getCause(); cause != null
				&& reason == null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			String message = String.valueOf(cause.getMessage());
			if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException) {
				reason = "the server's certificate is not issued by a CA of the trust store (ssl.truststore.*)";
			}
			else if (cause instanceof CertificateException
					&& (message.startsWith("No subject alternative") || message.startsWith("No name matching"))) {
				reason = "the server's certificate does not name the bootstrap host (host name verification is on)";
			}
			else if (cause instanceof SSLException && message.contains("Received fatal alert: ")
					&& (message.endsWith("certificate_required") || message.endsWith("bad_certificate")
							|| message.endsWith("certificate_unknown"))) {
				// the alert's name is one of TLS's fixed names, not text of the server
				reason = "the listener requires a client certificate it trusts (mutual TLS: ssl.keystore.*)";
			}
		}
		return (reason != null) ? "SSL handshake failed: " + reason : String.valueOf(failure.getMessage());
	}

	/**
	 * Whether retrying later may help (timeouts, unavailable brokers) rather than a fix
	 * by an operator.
	 */
	public static boolean isRetriable(Throwable failure) {
		Throwable cause = unwrap(failure);
		return cause instanceof RetriableException;
	}

	/**
	 * Whether the failure is about credentials or permissions (an operator must fix the
	 * cluster config).
	 */
	public static boolean isAuthFailure(Throwable failure) {
		Throwable cause = unwrap(failure);
		return cause instanceof AuthenticationException || cause instanceof AuthorizationException;
	}

}
