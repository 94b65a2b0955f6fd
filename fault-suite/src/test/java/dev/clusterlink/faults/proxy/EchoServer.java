package dev.clusterlink.faults.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP server on loopback that writes back every byte it reads, for proxy tests; it
 * closes a connection once the client's end of stream arrived.
 */
final class EchoServer implements AutoCloseable {

	private final ServerSocket server;

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong received = new AtomicLong();

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	EchoServer() throws IOException {
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		Thread.ofPlatform().name("echo-accept").daemon().start(this::accept);
	}

	int port() {
		return this.server.getLocalPort();
	}

	long accepted() {
		return this.accepted.get();
	}

	long received() {
		return this.received.get();
	}

	int open() {
		return this.open.size();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.accepted.incrementAndGet();
				this.open.add(socket);
				Thread.ofPlatform().name("echo").daemon().start(() -> echo(socket));
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void echo(Socket socket) {
		try (socket) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			byte[] buffer = new byte[32 * 1024];
			int read;
			while ((read = in.read(buffer)) >= 0) {
				this.received.addAndGet(read);
				out.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// reset by the peer
		}
		finally {
			this.open.remove(socket);
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.open) {
			socket.close();
		}
	}

}
