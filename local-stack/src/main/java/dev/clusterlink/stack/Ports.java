package dev.clusterlink.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free TCP ports on loopback for stacks on free ports (tests, the benchmark, faults). */
public final class Ports {

	private Ports() {
	}

	/** A port nothing listens on now. */
	public static int free() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A free port whose next port is free too (a broker's client and controller ports).
	 */
	public static int freePair() {
		for (int attempt = 0; attempt < 50; attempt++) {
			int port = free();
			try (ServerSocket next = new ServerSocket(port + 1)) {
				return port;
			}
			catch (IOException ex) {
				// taken: try another
			}
		}
		throw new IllegalStateException("no two consecutive free ports");
	}

}
