package dev.clusterlink.runtime.kafka.guard;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A self-signed certificate for {@code localhost}/{@code 127.0.0.1} made with the JDK's
 * keytool, and a TLS server on 127.0.0.1 that answers every handshaken connection with
 * fixed bytes.
 */
final class SelfSignedTls {

	static final String PASSWORD = "changeit-test";

	private final Path keystore;

	private SelfSignedTls(Path keystore) {
		this.keystore = keystore;
	}

	static SelfSignedTls create(Path dir) throws Exception {
		Path keystore = dir.resolve("server.p12");
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize",
				"2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
				"-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.exists(keystore)) {
			throw new IllegalStateException("keytool failed");
		}
		return new SelfSignedTls(keystore);
	}

	/** Client properties that trust this certificate, over SSL. */
	Map<String, String> trustingClient() {
		return Map.of("security.protocol", "SSL", "ssl.truststore.location", this.keystore.toString(),
				"ssl.truststore.type", "PKCS12", "ssl.truststore.password", PASSWORD);
	}

	/** A TLS server answering {@code reply} after the handshake and one read. */
	Server serve(byte[] reply) throws Exception {
		return serve(reply, false);
	}

	/**
	 * A TLS server answering {@code reply}; with {@code clientCertificateRequired} it
	 * refuses clients without a certificate (mutual TLS).
	 */
	Server serve(byte[] reply, boolean clientCertificateRequired) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(this.keystore)) {
			store.load(in, PASSWORD.toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, PASSWORD.toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), null, null);
		SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
		server.setNeedClientAuth(clientCertificateRequired);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		Thread.ofVirtual().start(() -> {
			while (!server.isClosed()) {
				try (SSLSocket socket = (SSLSocket) server.accept()) {
					socket.setSoTimeout(5_000);
					socket.startHandshake();
					if (reply.length == 0) {
						socket.setSoLinger(true, 0); // closed with unread data: a reset
						continue;
					}
					socket.getInputStream().read(new byte[64]);
					socket.getOutputStream().write(reply);
					socket.getOutputStream().flush();
					socket.getInputStream().read(); // until the client closes
				}
				catch (IOException ex) {
					// next connection, or closed
				}
			}
		});
		return new Server(server);
	}

	record Server(SSLServerSocket socket) implements AutoCloseable {

		int port() {
			return this.socket.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
