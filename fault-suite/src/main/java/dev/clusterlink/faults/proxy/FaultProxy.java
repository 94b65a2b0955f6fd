package dev.clusterlink.faults.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that forwards every connection to one target and injects
 * network faults switched at runtime: latency, bandwidth, resets, refusal and a
 * blackhole.
 * <p>
 * Threads: one acceptor, which also connects to the target (one connection at a time,
 * with a 5 s timeout), and four platform threads per open connection, all named
 * {@code fault-proxy-<port>-…}. Nothing spins: every thread blocks on a socket, a queue,
 * a monitor or a timed sleep. All methods are thread-safe. After {@link #close()}
 * returns, none of the proxy's threads is alive.
 * <p>
 * Blackhole: while it is on, the proxy keeps reading (up to a bounded buffer per
 * direction, then TCP flow control stalls the sender) but forwards nothing; when it goes
 * off, the bytes read in the meantime are delivered in order. No byte is ever dropped, so
 * a stream that survives a blackhole is intact, as over a real network partition that
 * heals before the peers give up.
 */
public final class FaultProxy implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final String name;

	private final Faults faults = new Faults();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong toTarget = new AtomicLong();

	private final AtomicLong toClient = new AtomicLong();

	/** Guarded by itself, as is {@link #closed}: no connection is added once closed. */
	private final Set<ProxiedConnection> connections = new HashSet<>();

	private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

	private final Thread acceptor;

	private boolean closed;

	private FaultProxy(ServerSocket server, InetSocketAddress target) {
		this.server = server;
		this.target = target;
		this.name = "fault-proxy-" + server.getLocalPort();
		this.acceptor = newThread(this.name + "-accept", this::accept);
		this.acceptor.start();
	}

	/** Starts a proxy on an ephemeral loopback port in front of the target. */
	public static FaultProxy start(String targetHost, int targetPort) {
		return start(0, targetHost, targetPort);
	}

	/**
	 * Starts a proxy on the given loopback port (0: ephemeral) in front of the target.
	 */
	public static FaultProxy start(int port, String targetHost, int targetPort) {
		try {
			ServerSocket server = new ServerSocket();
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
			return new FaultProxy(server, new InetSocketAddress(targetHost, targetPort));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, ex);
		}
	}

	/** The port the proxy listens on. */
	public int port() {
		return this.server.getLocalPort();
	}

	/** {@code 127.0.0.1:<port>}, for a client's bootstrap servers. */
	public String address() {
		return this.server.getInetAddress().getHostAddress() + ":" + port();
	}

	/** Delays every chunk, in each direction, by this much after it was read. */
	public FaultProxy latency(Duration latency) {
		this.faults.latency(latency);
		return this;
	}

	/**
	 * Limits each direction of each connection to this many bytes per second; 0: none.
	 */
	public FaultProxy bandwidth(long bytesPerSecond) {
		this.faults.bandwidth(bytesPerSecond);
		return this;
	}

	/**
	 * While on, resets every open connection and every new one right after accepting it.
	 */
	public FaultProxy refuse(boolean refusing) {
		this.faults.refuse(refusing);
		if (refusing) {
			resetAll();
		}
		return this;
	}

	/** While on, reads but forwards nothing; see the class comment. */
	public FaultProxy blackhole(boolean blackholed) {
		this.faults.blackhole(blackholed);
		return this;
	}

	/** Turns every fault off. */
	public FaultProxy heal() {
		this.faults.heal();
		return this;
	}

	/** Resets every open connection (TCP RST to both peers); new ones are accepted. */
	public FaultProxy resetAll() {
		openConnections().forEach(ProxiedConnection::abort);
		return this;
	}

	/** Connections accepted since the start, refused ones included. */
	public long connectionsAccepted() {
		return this.accepted.get();
	}

	/** Connections currently open (forwarding or being connected). */
	public int connectionsOpen() {
		return openConnections().size();
	}

	/** Bytes forwarded from clients to the target. */
	public long bytesToTarget() {
		return this.toTarget.get();
	}

	/** Bytes forwarded from the target to clients. */
	public long bytesToClients() {
		return this.toClient.get();
	}

	/** Stops listening, resets every connection and waits until every thread ended. */
	@Override
	public void close() {
		synchronized (this.connections) {
			this.closed = true;
		}
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// the acceptor stops either way
		}
		resetAll();
		for (Thread thread : List.copyOf(this.threads)) {
			awaitEnd(thread);
		}
	}

	private void accept() {
		long number = 0;
		while (!this.server.isClosed() && !Thread.currentThread().isInterrupted()) {
			try {
				Socket client = this.server.accept();
				this.accepted.incrementAndGet();
				handle(client, ++number);
			}
			catch (IOException ex) {
				pauseUnlessClosed();
			}
		}
	}

	/** After a failed accept: the loop ends if closed, else it retries a little later. */
	private void pauseUnlessClosed() {
		if (!this.server.isClosed()) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void handle(Socket client, long number) {
		if (this.faults.refusing()) {
			ProxiedConnection.reset(client);
			return;
		}
		ProxiedConnection connection = new ProxiedConnection(client, this.name + "-" + number, this);
		boolean added;
		synchronized (this.connections) {
			added = !this.closed && this.connections.add(connection);
		}
		if (added) {
			connection.open(this.target);
		}
		else {
			ProxiedConnection.reset(client);
		}
	}

	private List<ProxiedConnection> openConnections() {
		synchronized (this.connections) {
			return new ArrayList<>(this.connections);
		}
	}

	private static void awaitEnd(Thread thread) {
		try {
			thread.join(Duration.ofSeconds(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (thread.isAlive()) {
			throw new IllegalStateException(thread.getName() + " did not stop");
		}
	}

	Faults faults() {
		return this.faults;
	}

	AtomicLong toTargetCounter() {
		return this.toTarget;
	}

	AtomicLong toClientCounter() {
		return this.toClient;
	}

	/** An unstarted daemon thread that forgets itself when it ends. */
	Thread newThread(String threadName, Runnable task) {
		Thread thread = Thread.ofPlatform().name(threadName).daemon().unstarted(() -> {
			try {
				task.run();
			}
			finally {
				this.threads.remove(Thread.currentThread());
			}
		});
		this.threads.add(thread);
		return thread;
	}

	void ended(ProxiedConnection connection) {
		synchronized (this.connections) {
			this.connections.remove(connection);
		}
	}

}
