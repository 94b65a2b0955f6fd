package dev.clusterlink.kafka;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
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

	/**
	 * The usual TLS failures get fixed words; the JDK's own texts (which can quote the
	 * names in the server's certificate) are not passed on.
	 */
	@Test
	void namesTheUsualTlsFailuresInFixedWords() {
		SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
		untrusted.initCause(new CertificateException("PKIX path building failed",
				new CertPathBuilderException("unable to find valid certification path to requested target")));
		assertThat(tls(untrusted)).isEqualTo("authentication failed: SSL handshake failed: the server's certificate"
				+ " is not issued by a CA of the trust store (ssl.truststore.*)");
		SSLHandshakeException otherName = new SSLHandshakeException("No subject alternative names present");
		otherName
			.initCause(new CertificateException("No subject alternative names matching IP address 127.0.0.1 found"));
		assertThat(tls(otherName)).endsWith("does not name the bootstrap host (host name verification is on)")
			.doesNotContain("127.0.0.1");
		// the JDK's text for the alert a TLS 1.3 listener sends when it gets no client
		// certificate, wrapped by the Kafka client
		assertThat(tls(new SSLHandshakeException("(certificate_required) Received fatal alert: certificate_required")))
			.endsWith("requires a client certificate it trusts (mutual TLS: ssl.keystore.*)");
		assertThat(tls(new SSLException("Received fatal alert: bad_certificate"))).contains("mutual TLS");
		assertThat(tls(new SSLHandshakeException("Received fatal alert: handshake_failure")))
			.isEqualTo("authentication failed: SSL handshake failed");
		assertThat(KafkaErrors.isAuthFailure(new SslAuthenticationException("SSL handshake failed"))).isTrue();
	}

	private static String tls(Exception cause) {
		return KafkaErrors
			.describe(new ExecutionException(new SslAuthenticationException("SSL handshake failed", cause)), List.of());
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
