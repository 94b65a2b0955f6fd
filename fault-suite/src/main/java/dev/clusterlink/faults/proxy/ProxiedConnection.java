package dev.clusterlink.faults.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection through a {@link FaultProxy} and its connection to the target,
 * forwarded by two {@link Pipe pipes}.
 * <p>
 * Invariants: a connection ends exactly once, either gracefully (both directions passed
 * their end of stream on; both sockets closed normally) or by {@link #abort()} (both
 * sockets reset with a TCP RST). Its four threads are started only while it has not
 * ended, and all of them are interrupted when it is aborted, so none outlives it for
 * long.
 */
final class ProxiedConnection {

	private static final int CONNECT_TIMEOUT_MILLIS = 5000;

	private final Socket client;

	private final Socket target = new Socket();

	private final String name;

	private final FaultProxy proxy;

	private final List<Thread> threads = new ArrayList<>();

	private boolean ended;

	private int directionsEnded;

	ProxiedConnection(Socket client, String name, FaultProxy proxy) {
		this.client = client;
		this.name = name;
		this.proxy = proxy;
	}

	/** Connects to the target and starts forwarding; resets the client if that fails. */
	void open(InetSocketAddress address) {
		try {
			this.target.connect(address, CONNECT_TIMEOUT_MILLIS);
			this.client.setTcpNoDelay(true);
			this.target.setTcpNoDelay(true);
		}
		catch (IOException ex) {
			abort();
			return;
		}
		start();
	}

	private synchronized void start() {
		if (this.ended) {
			return;
		}
		Pipe toTarget = new Pipe(this.client, this.target, this.proxy.faults(), this.proxy.toTargetCounter(), this);
		Pipe toClient = new Pipe(this.target, this.client, this.proxy.faults(), this.proxy.toClientCounter(), this);
		this.threads.add(this.proxy.newThread(this.name + "-to-target-read", toTarget::read));
		this.threads.add(this.proxy.newThread(this.name + "-to-target-write", toTarget::write));
		this.threads.add(this.proxy.newThread(this.name + "-to-client-read", toClient::read));
		this.threads.add(this.proxy.newThread(this.name + "-to-client-write", toClient::write));
		this.threads.forEach(Thread::start);
	}

	/**
	 * Called by a pipe that passed its end of stream on; the second one closes both
	 * sockets.
	 */
	void directionEnded() {
		synchronized (this) {
			if (this.ended || ++this.directionsEnded < 2) {
				return;
			}
			this.ended = true;
		}
		close(this.client);
		close(this.target);
		this.proxy.ended(this);
	}

	/** Resets both sockets (TCP RST) and stops the threads; does nothing once ended. */
	void abort() {
		synchronized (this) {
			if (this.ended) {
				return;
			}
			this.ended = true;
		}
		reset(this.client);
		reset(this.target);
		// no thread is added once ended, so the list is stable here
		this.threads.forEach(Thread::interrupt);
		this.proxy.ended(this);
	}

	static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// already closed: nothing left to reset
		}
		close(socket);
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing is all that is left to do
		}
	}

}
