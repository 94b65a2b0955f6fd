package dev.clusterlink.testsupport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A TCP server on 127.0.0.1 (an ephemeral port) that answers every connection in a way a
 * Kafka client must survive: garbage sizes, silence, HTTP, a PostgreSQL-like error, a TLS
 * alert, or something shaped almost like Kafka. The test closes it; it then closes every
 * connection it accepted.
 */
public final class HostileServer implements AutoCloseable {

	/** Bytes a Kafka client would read as a 2 GiB message size. */
	public static final byte[] GARBAGE = { 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 1, 2, 3, 4 };

	/** What a plain HTTP server answers to bytes that are not HTTP. */
	public static final byte[] HTTP = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
		.getBytes(StandardCharsets.US_ASCII);

	/**
	 * What PostgreSQL answers to a startup packet it does not understand: an
	 * ErrorResponse.
	 */
	public static final byte[] POSTGRES = "EFATAL\0C0A000\0Munsupported frontend protocol\0\0"
		.getBytes(StandardCharsets.US_ASCII);

	/** A TLS alert record (handshake failure), as a TLS server answers plaintext. */
	public static final byte[] TLS_ALERT = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 };

	private final ServerSocket server;

	private final Reply reply;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private HostileServer(ServerSocket server, Reply reply) {
		this.server = server;
		this.reply = reply;
		Thread.ofVirtual().name("hostile-server-" + server.getLocalPort()).start(this::acceptLoop);
	}

	/** A server that answers every connection with fixed bytes, at once. */
	public static HostileServer answering(byte[] bytes) {
		return start((socket, correlation) -> write(socket, bytes));
	}

	/** A server that reads the request and never answers. */
	public static HostileServer silent() {
		return start((socket, correlation) -> {
		});
	}

	/** A server that answers a size and then one byte every 200 ms. */
	public static HostileServer dripping() {
		return start((socket, correlation) -> {
			write(socket, new byte[] { 0, 0, 0, 64 });
			for (int i = 0; i < 64; i++) {
				sleep(200);
				write(socket, new byte[] { 0 });
			}
		});
	}

	/**
	 * A server that answers with the request's correlation id and an ApiVersions-like
	 * body from a function of it.
	 */
	public static HostileServer correlated(IntFunction<byte[]> body) {
		return start((socket, correlation) -> {
			byte[] bytes = body.apply(correlation);
			write(socket, ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array());
		});
	}

	/** An ApiVersions v0 response body, the way a broker shapes it. */
	public static byte[] apiVersionsBody(int correlation, short... apiKeys) {
		ByteBuffer body = ByteBuffer.allocate(4 + 2 + 4 + 6 * apiKeys.length)
			.putInt(correlation)
			.putShort((short) 0)
			.putInt(apiKeys.length);
		for (short key : apiKeys) {
			body.putShort(key).putShort((short) 0).putShort((short) 3);
		}
		return body.array();
	}

	private static HostileServer start(Reply reply) {
		try {
			ServerSocket server = new ServerSocket();
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			return new HostileServer(server, reply);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code 127.0.0.1:<port>}. */
	public String bootstrap() {
		return "127.0.0.1:" + this.server.getLocalPort();
	}

	/** The port. */
	public int port() {
		return this.server.getLocalPort();
	}

	/** How many connections it accepted so far. */
	public int connections() {
		return this.connections.get();
	}

	private void acceptLoop() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.connections.incrementAndGet();
				this.accepted.add(socket);
				Thread.ofVirtual().start(() -> serve(socket));
			}
			catch (IOException ex) {
				return; // closed
			}
		}
	}

	private void serve(Socket socket) {
		try {
			DataInputStream in = new DataInputStream(socket.getInputStream());
			int size = in.readInt();
			byte[] request = new byte[Math.min(Math.max(size, 0), 4096)];
			in.readFully(request);
			int correlation = (request.length >= 8) ? ByteBuffer.wrap(request, 4, 4).getInt() : 0;
			this.reply.answer(socket, correlation);
		}
		catch (IOException ex) {
			// the client went away: fine
		}
	}

	private static void write(Socket socket, byte[] bytes) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(bytes);
		out.flush();
	}

	private static void sleep(long millis) throws IOException {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// nothing left to do
		}
		for (Socket socket : this.accepted) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// nothing left to do
			}
		}
	}

	@FunctionalInterface
	private interface Reply {

		void answer(Socket socket, int correlation) throws IOException;

	}

}
