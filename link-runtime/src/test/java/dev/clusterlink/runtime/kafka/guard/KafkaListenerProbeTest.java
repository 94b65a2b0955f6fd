package dev.clusterlink.runtime.kafka.guard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.clusterlink.testsupport.HostileServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaListenerProbeTest {

	private static final Duration TIMEOUT = Duration.ofMillis(1500);

	private static final Map<String, String> PLAINTEXT = Map.of();

	private static SelfSignedTls tls;

	private final KafkaListenerProbe probe = new KafkaListenerProbe(TIMEOUT, TIMEOUT);

	@BeforeAll
	static void certificate(@TempDir Path dir) throws Exception {
		tls = SelfSignedTls.create(dir);
	}

	@Test
	void aBrokerShapedReplyIsKafka() {
		try (HostileServer kafka = HostileServer.correlated(
				(correlation) -> HostileServer.apiVersionsBody(correlation, (short) 0, (short) 3, (short) 18))) {
			assertThat(probe(kafka, PLAINTEXT)).isEqualTo(ProbeVerdict.KAFKA);
		}
	}

	@Test
	void garbageHttpAndPostgresAreNotKafka() {
		for (byte[] reply : new byte[][] { HostileServer.GARBAGE, HostileServer.HTTP, HostileServer.POSTGRES,
				{ 0, 0, 0, 0 }, { (byte) 0x80, 0, 0, 0 } }) {
			try (HostileServer server = HostileServer.answering(reply)) {
				assertThat(probe(server, PLAINTEXT)).isEqualTo(ProbeVerdict.NOT_KAFKA);
			}
		}
	}

	@Test
	void halfKafkaIsNotKafka() {
		// right correlation id, wrong shapes
		assertThat(correlated((c) -> ByteBuffer.allocate(16).putInt(c).putShort((short) 0).putInt(5).array()))
			.as("array longer than the reply")
			.isEqualTo(ProbeVerdict.NOT_KAFKA);
		assertThat(correlated((c) -> HostileServer.apiVersionsBody(c + 1, (short) 18))).as("other correlation id")
			.isEqualTo(ProbeVerdict.NOT_KAFKA);
		assertThat(correlated((c) -> HostileServer.apiVersionsBody(c, (short) 0, (short) 1))).as("no ApiVersions")
			.isEqualTo(ProbeVerdict.NOT_KAFKA);
		assertThat(correlated((c) -> ByteBuffer.allocate(16)
			.putInt(c)
			.putShort((short) 7)
			.putInt(1)
			.putShort((short) 18)
			.putShort((short) 0)
			.putShort((short) 3)
			.array())).as("an error code brokers never send here").isEqualTo(ProbeVerdict.NOT_KAFKA);
	}

	@Test
	void aTlsAlertToPlaintextIsATlsMismatch() {
		try (HostileServer server = HostileServer.answering(HostileServer.TLS_ALERT)) {
			assertThat(probe(server, PLAINTEXT)).isEqualTo(ProbeVerdict.TLS_MISMATCH);
		}
	}

	@Test
	void aRealTlsServerToPlaintextIsATlsMismatchOrNotKafka() throws Exception {
		try (SelfSignedTls.Server server = tls.serve(HostileServer.HTTP)) {
			assertThat(this.probe.probe(local(server.port()), "127.0.0.1", PLAINTEXT)).isIn(ProbeVerdict.TLS_MISMATCH,
					ProbeVerdict.NOT_KAFKA);
		}
	}

	@Test
	void overTlsTheReplyAfterTheHandshakeIsChecked() throws Exception {
		try (SelfSignedTls.Server http = tls.serve(HostileServer.HTTP)) {
			assertThat(this.probe.probe(local(http.port()), "localhost", tls.trustingClient()))
				.isEqualTo(ProbeVerdict.NOT_KAFKA);
		}
	}

	@Test
	void anUntrustedCertificateOrAPlaintextPortFailsTheHandshake() throws Exception {
		try (SelfSignedTls.Server server = tls.serve(HostileServer.HTTP)) {
			assertThat(this.probe.probe(local(server.port()), "localhost", Map.of("security.protocol", "SSL")))
				.as("default JDK trust store")
				.isEqualTo(ProbeVerdict.TLS_FAILED);
		}
		try (HostileServer plain = HostileServer.answering(HostileServer.GARBAGE)) {
			assertThat(probe(plain, tls.trustingClient())).isEqualTo(ProbeVerdict.TLS_FAILED);
		}
	}

	/**
	 * A mutual-TLS listener refuses a client without a certificate after the client's
	 * side of the handshake has completed (TLS 1.3): that is a TLS failure the client
	 * reports itself, not a non-Kafka endpoint to refuse.
	 */
	@Test
	void aListenerThatRequiresAClientCertificateFailsTlsWithoutOne() throws Exception {
		try (SelfSignedTls.Server server = tls.serve(HostileServer.HTTP, true)) {
			assertThat(this.probe.probe(local(server.port()), "localhost", tls.trustingClient()))
				.isEqualTo(ProbeVerdict.TLS_FAILED);
		}
	}

	/**
	 * The same refusal can also arrive as a reset (the listener closes with the probe's
	 * request unread): without a client certificate presented, a TLS failure too.
	 */
	@Test
	void aResetAfterTheHandshakeWithoutAClientCertificateIsATlsFailure() throws Exception {
		try (SelfSignedTls.Server server = tls.serve(new byte[0])) {
			assertThat(this.probe.probe(local(server.port()), "localhost", tls.trustingClient()))
				.isEqualTo(ProbeVerdict.TLS_FAILED);
		}
	}

	@Test
	@Timeout(30) // a guard against hanging, far above the probe's deadline; not a speed
					// check
	void aSilentServerIsBoundedByTheReplyTimeout() {
		try (HostileServer server = HostileServer.silent()) {
			assertThat(probe(server, PLAINTEXT)).isEqualTo(ProbeVerdict.SILENT);
		}
	}

	@Test
	@Timeout(30) // a guard against hanging, far above the probe's deadline; not a speed
					// check
	void aDrippingServerIsBoundedByTheReplyTimeout() {
		try (HostileServer server = HostileServer.dripping()) {
			assertThat(probe(server, PLAINTEXT)).isIn(ProbeVerdict.SILENT, ProbeVerdict.NOT_KAFKA);
		}
	}

	@Test
	void aClosedPortIsUnreachable() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		assertThat(this.probe.probe(local(port), "127.0.0.1", PLAINTEXT)).isEqualTo(ProbeVerdict.UNREACHABLE);
	}

	@Test
	void verdictTextsNameTheEndpointOnly() {
		assertThat(ProbeVerdict.NOT_KAFKA.describe("127.0.0.1:5432"))
			.isEqualTo("127.0.0.1:5432 answered, but not as a Kafka broker");
	}

	private ProbeVerdict correlated(java.util.function.IntFunction<byte[]> body) {
		try (HostileServer server = HostileServer.correlated(body)) {
			return probe(server, PLAINTEXT);
		}
	}

	private ProbeVerdict probe(HostileServer server, Map<String, String> properties) {
		return this.probe.probe(local(server.port()), "127.0.0.1", properties);
	}

	private static InetSocketAddress local(int port) {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
	}

}
