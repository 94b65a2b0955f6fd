package dev.clusterlink.runtime.secret;

import dev.clusterlink.crypto.SecretCipher;
import dev.clusterlink.crypto.SecretKeyException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without CLUSTERLINK_SECRET_KEY a service refuses to start, except in the dev profile
 * (every service imports {@link SecretCipherConfiguration}).
 */
class SecretCipherConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SecretCipherConfiguration.class);

	@Test
	void noKeyOutsideDevFailsWithAClearMessage() {
		this.runner.run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			SecretKeyException cause = findCause(failure);
			assertThat(cause).hasMessageContaining("CLUSTERLINK_SECRET_KEY is not set")
				.hasMessageContaining("openssl rand -base64 32");
			FailureAnalysis analysis = new SecretKeyFailureAnalyzer().analyze(failure);
			assertThat(analysis.getDescription()).contains("CLUSTERLINK_SECRET_KEY is not set");
			assertThat(analysis.getAction()).contains("dev");
		});
	}

	@Test
	void devProfileFallsBackToThePublicDevelopmentKey() {
		this.runner.withPropertyValues("clusterlink.secret.allow-dev-key=true")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(SecretCipher.class));
	}

	@Test
	void aMalformedKeyFailsWithoutBeingEchoed() {
		this.runner.withPropertyValues("clusterlink.secret.key=short-and-wrong!!").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(findCause(context.getStartupFailure())).hasMessageContaining("base64")
				.hasMessageNotContaining("short-and-wrong");
		});
	}

	@Test
	void aValidKeyAndPreviousKeysStart() {
		this.runner
			.withPropertyValues("clusterlink.secret.key=" + SecretCipher.generateKey(),
					"clusterlink.secret.previous=" + SecretCipher.generateKey() + "," + SecretCipher.generateKey())
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static SecretKeyException findCause(Throwable failure) {
		Throwable current = failure;
		while (current != null && !(current instanceof SecretKeyException)) {
			current = current.getCause();
		}
		assertThat(current).as("caused by a SecretKeyException").isNotNull();
		return (SecretKeyException) current;
	}

}
