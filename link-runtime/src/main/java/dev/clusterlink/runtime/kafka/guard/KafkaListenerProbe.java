package dev.clusterlink.runtime.kafka.guard;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.jspecify.annotations.Nullable;

/**
 * Asks one address whether it is a Kafka listener before any Kafka client talks to it
 * (DESIGN.md §11): sends an ApiVersions v0 request, over TLS when the cluster's
 * {@code security.protocol} is SSL or SASL_SSL (with the client's own trust and key
 * material, through Kafka's {@link DefaultSslEngineFactory}), and checks the shape of the
 * reply. A Kafka client sizes its receive buffer from the first four bytes of a reply, so
 * a non-Kafka endpoint (PostgreSQL's {@code E}, HTTP's {@code HTTP}, a TLS alert) makes
 * it allocate up to 2 GiB; this probe never does.
 * <p>
 * Invariants: it reads at most {@link #MAX_REPLY} bytes plus the 4-byte size; the whole
 * probe (connect, handshake, request, reply) ends within {@code connectTimeout +
 * replyTimeout}, enforced by closing the socket; the reply bytes never leave this class
 * (no log, no exception message), only a {@link ProbeVerdict}. SASL listeners answer
 * ApiVersions before authentication, so the probe needs no credentials.
 */
public final class KafkaListenerProbe {

	/** Largest reply read: a real v0 reply is {@code 4+2+4+6n} bytes, n about 90. */
	static final int MAX_REPLY = 64 * 1024;

	private static final short API_VERSIONS = 18;

	private static final byte[] CLIENT_ID = "clusterlink-probe".getBytes(StandardCharsets.US_ASCII);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Duration connectTimeout;

	private final Duration replyTimeout;

	/**
	 * A probe.
	 * @param connectTimeout bound of the TCP connect
	 * @param replyTimeout bound of the TLS handshake, request and reply together
	 */
	public KafkaListenerProbe(Duration connectTimeout, Duration replyTimeout) {
		this.connectTimeout = connectTimeout;
		this.replyTimeout = replyTimeout;
	}

	/**
	 * Probes one address.
	 * @param address the resolved address and port
	 * @param host the host as written in the bootstrap list (TLS server name and host
	 * name verification)
	 * @param clientProperties the cluster's client properties ({@code security.protocol},
	 * {@code ssl.*})
	 * @return the verdict
	 */
	public ProbeVerdict probe(InetSocketAddress address, String host, Map<String, ?> clientProperties) {
		boolean tls = usesTls(clientProperties);
		try (Socket raw = new Socket()) {
			try {
				raw.connect(address, millis(this.connectTimeout));
			}
			catch (IOException ex) {
				return ProbeVerdict.UNREACHABLE;
			}
			long deadline = System.nanoTime() + this.replyTimeout.toNanos();
			// a hard bound: a server that drips bytes cannot stretch the probe past it
			CompletableFuture.delayedExecutor(this.replyTimeout.toMillis() + 100, TimeUnit.MILLISECONDS)
				.execute(() -> closeQuietly(raw));
			Socket socket = raw;
			if (tls) {
				socket = handshake(raw, address.getPort(), host, clientProperties, deadline);
				if (socket == null) {
					return ProbeVerdict.TLS_FAILED;
				}
			}
			return exchange(socket, tls, deadline);
		}
		catch (SSLException ex) {
			// after a completed handshake: a TLS alert, e.g. a listener that requires a
			// client certificate refuses it after the client's Finished (TLS 1.3). The
			// client fails the same way inside its TLS layer, before it reads a size
			return ProbeVerdict.TLS_FAILED;
		}
		catch (SocketTimeoutException ex) {
			return ProbeVerdict.SILENT;
		}
		catch (ConnectException | NoRouteToHostException ex) {
			return ProbeVerdict.UNREACHABLE;
		}
		catch (IOException | RuntimeException ex) {
			return ProbeVerdict.NOT_KAFKA; // reset, closed mid-reply, closed by the
											// deadline
		}
	}

	/** Whether the cluster's clients speak TLS. */
	static boolean usesTls(Map<String, ?> clientProperties) {
		Object protocol = clientProperties.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
		String name = (protocol != null) ? protocol.toString().trim().toUpperCase(Locale.ROOT) : "PLAINTEXT";
		return name.equals("SSL") || name.equals("SASL_SSL");
	}

	private ProbeVerdict exchange(Socket socket, boolean tls, long deadline) throws IOException {
		int correlation = RANDOM.nextInt();
		ByteBuffer request = ByteBuffer.allocate(4 + 10 + CLIENT_ID.length)
			.putInt(10 + CLIENT_ID.length)
			.putShort(API_VERSIONS)
			.putShort((short) 0) // version 0: request header v1, understood by every
									// broker
			.putInt(correlation)
			.putShort((short) CLIENT_ID.length)
			.put(CLIENT_ID);
		byte[] head;
		try {
			OutputStream out = socket.getOutputStream();
			out.write(request.array());
			out.flush();
			head = readFully(socket, socket.getInputStream(), 4, deadline);
		}
		catch (SocketTimeoutException ex) {
			throw ex;
		}
		catch (IOException ex) {
			if (tls && presentedNoCertificate((SSLSocket) socket)) {
				// a listener that requires a client certificate closes (or resets, when
				// our request is still unread) right after the handshake; no reply byte
				// was read, and the client meets the same closure
				return ProbeVerdict.TLS_FAILED;
			}
			throw ex;
		}
		if (!tls && (head[0] == 0x15 || head[0] == 0x16) && head[1] == 0x03) {
			return ProbeVerdict.TLS_MISMATCH; // a TLS alert or handshake record
		}
		int size = ByteBuffer.wrap(head).getInt();
		if (size < 10 || size > MAX_REPLY) {
			return ProbeVerdict.NOT_KAFKA; // PostgreSQL, HTTP, SSH... end here, nothing
											// allocated
		}
		return ApiVersionsReply.verdict(ByteBuffer.wrap(readFully(socket, socket.getInputStream(), size, deadline)),
				correlation);
	}

	private static boolean presentedNoCertificate(SSLSocket socket) {
		java.security.cert.Certificate[] local = socket.getSession().getLocalCertificates();
		return local == null || local.length == 0;
	}

	private @Nullable SSLSocket handshake(Socket raw, int port, String host, Map<String, ?> clientProperties,
			long deadline) throws IOException {
		Map<String, Object> ssl = sslConfig(clientProperties);
		Object algorithm = ssl.get(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG);
		String identification = (algorithm == null || algorithm.toString().isEmpty()) ? null : algorithm.toString();
		try (DefaultSslEngineFactory factory = new DefaultSslEngineFactory()) {
			factory.configure(ssl);
			SSLParameters parameters = factory.createClientSslEngine(host, port, identification).getSSLParameters();
			SSLSocket tls = (SSLSocket) factory.sslContext().getSocketFactory().createSocket(raw, host, port, true);
			tls.setSSLParameters(parameters);
			tls.setSoTimeout(remaining(deadline));
			tls.startHandshake();
			return tls;
		}
		catch (IOException ex) {
			// SSLException, reset, timeout: the client fails the same handshake before it
			// reads a Kafka byte, so none of these is dangerous
			return null;
		}
		catch (RuntimeException ex) {
			// a TLS config the client would reject too (bad keystore, bad PEM): the
			// client
			// reports it; nothing was read from the endpoint
			return null;
		}
	}

	/** The client's SSL settings, parsed and defaulted as the client parses them. */
	private static Map<String, Object> sslConfig(Map<String, ?> clientProperties) {
		Map<String, Object> ssl = new HashMap<>();
		clientProperties.forEach((key, value) -> {
			if (key.startsWith("ssl.")) {
				ssl.put(key, value);
			}
		});
		return new HashMap<>(new AbstractConfig(new ConfigDef().withClientSslSupport(), ssl, false).values());
	}

	private static byte[] readFully(Socket socket, InputStream in, int length, long deadline) throws IOException {
		byte[] bytes = new byte[length];
		int read = 0;
		while (read < length) {
			socket.setSoTimeout(remaining(deadline));
			int n = in.read(bytes, read, length - read);
			if (n < 0) {
				throw new EOFException();
			}
			read += n;
		}
		return bytes;
	}

	private static int remaining(long deadline) throws SocketTimeoutException {
		long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
		if (left <= 0) {
			throw new SocketTimeoutException();
		}
		return (int) Math.min(Integer.MAX_VALUE, left);
	}

	private static int millis(Duration duration) {
		return (int) Math.clamp(duration.toMillis(), 1, Integer.MAX_VALUE);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing is all that matters
		}
	}

}
