package dev.clusterlink.runtime.secret;

import dev.clusterlink.crypto.SecretKeyException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a missing or malformed {@code CLUSTERLINK_SECRET_KEY} at start-up, without the
 * key. Registered in link-runtime's {@code META-INF/spring.factories}.
 */
public class SecretKeyFailureAnalyzer extends AbstractFailureAnalyzer<SecretKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SecretKeyException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set CLUSTERLINK_SECRET_KEY to the output of 'openssl rand -base64 32' (the same value for every "
						+ "service), " + "or start with --spring.profiles.active=dev for local development.",
				null);
	}

}
