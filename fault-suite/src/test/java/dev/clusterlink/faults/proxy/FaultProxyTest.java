package dev.clusterlink.faults.proxy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The proxy forwards faithfully and injects each fault it offers. */
class FaultProxyTest {

	private EchoServer echo;

	private FaultProxy proxy;

	@BeforeEach
	void start() throws IOException {
		this.echo = new EchoServer();
		this.proxy = FaultProxy.start("127.0.0.1", this.echo.port());
	}

	@AfterEach
	void stop() throws IOException {
		this.proxy.close();
		this.echo.close();
	}

	@Test
	void forwardsBothWays() throws IOException {
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "hello")).isEqualTo("hello");
		}
		assertThat(this.proxy.connectionsAccepted()).isOne();
		// the counters move after the write the peer already answered
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.proxy.bytesToTarget() == 5 && this.proxy.bytesToClients() == 5);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.proxy.connectionsOpen() == 0);
	}

	@Test
	void carriesLargePayloadsOverConcurrentConnectionsIntact() throws Exception {
		List<byte[]> payloads = List.of(random(8 << 20, 1), random(4 << 20, 2), random(3 << 20, 3));
		try (ExecutorService exchanges = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<byte[]>> echoed = new ArrayList<>();
			payloads.forEach((payload) -> echoed.add(exchanges.submit(() -> exchange(payload))));
			for (int i = 0; i < payloads.size(); i++) {
				assertThat(echoed.get(i).get()).isEqualTo(payloads.get(i));
			}
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.proxy.bytesToTarget() == 15 << 20 && this.proxy.bytesToClients() == 15 << 20);
	}

	@Test
	void addsLatencyInEachDirection() throws IOException {
		this.proxy.latency(Duration.ofMillis(200));
		try (Socket client = connect()) {
			long start = System.nanoTime();
			assertThat(roundTrip(client, "ping")).isEqualTo("ping");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
		}
	}

	@Test
	void limitsBandwidth() throws Exception {
		this.proxy.bandwidth(512 * 1024);
		byte[] payload = random(1 << 20, 4);
		long start = System.nanoTime();
		assertThat(exchange(payload)).isEqualTo(payload);
		// one direction alone needs (1 MiB - one 25.6 KiB slice) / 512 KiB/s, about 1.95
		// s
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1500));
	}

	@Test
	void resetAllResetsBothPeers() throws IOException {
		try (Socket client = connect()) {
			roundTrip(client, "hello");
			assertThat(this.echo.open()).isOne();
			this.proxy.resetAll();
			assertThat(nextRead(client)).isEqualTo("reset");
			await().atMost(Duration.ofSeconds(30)).until(() -> this.echo.open() == 0);
			assertThat(this.proxy.connectionsOpen()).isZero();
		}
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "again")).isEqualTo("again");
		}
	}

	@Test
	void refuseResetsOpenAndNewConnectionsUntilTurnedOff() throws IOException {
		try (Socket open = connect()) {
			roundTrip(open, "hello");
			this.proxy.refuse(true);
			assertThat(nextRead(open)).isEqualTo("reset");
		}
		try (Socket refused = connect()) {
			assertThat(nextRead(refused)).isEqualTo("reset");
		}
		assertThat(this.echo.accepted()).as("the target never saw the refused connection").isOne();
		this.proxy.refuse(false);
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "back")).isEqualTo("back");
		}
	}

	@Test
	void blackholeHoldsBytesUntilHealed() throws IOException {
		try (Socket client = connect()) {
			roundTrip(client, "hello");
			this.proxy.blackhole(true);
			client.getOutputStream().write("lost?".getBytes(StandardCharsets.US_ASCII));
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> this.echo.received() == 5);
			this.proxy.heal();
			assertThat(new String(client.getInputStream().readNBytes(5), StandardCharsets.US_ASCII))
				.as("held, not dropped")
				.isEqualTo("lost?");
		}
	}

	@Test
	void survivesPeersClosingMidStream() throws Exception {
		for (int i = 0; i < 5; i++) {
			try (Socket client = connect()) {
				client.getOutputStream().write(random(1 << 20, i));
				client.getInputStream().readNBytes(1000);
				ProxiedConnection.reset(client);
			}
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> this.proxy.connectionsOpen() == 0 && this.echo.open() == 0);
		byte[] payload = random(1 << 20, 9);
		assertThat(exchange(payload)).isEqualTo(payload);
	}

	@Test
	void closeStopsEveryThreadAndConnection() throws IOException {
		String prefix = "fault-proxy-" + this.proxy.port() + "-";
		try (Socket first = connect(); Socket second = connect()) {
			roundTrip(first, "one");
			roundTrip(second, "two");
			assertThat(proxyThreads(prefix)).hasSize(1 + 2 * 4);
			this.proxy.close();
			assertThat(proxyThreads(prefix)).isEmpty();
			assertThat(nextRead(first)).isEqualTo("reset");
			assertThat(nextRead(second)).isEqualTo("reset");
		}
		assertThatExceptionOfType(ConnectException.class).isThrownBy(this::connect);
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.proxy.port());
		socket.setSoTimeout(30_000);
		return socket;
	}

	private byte[] exchange(byte[] payload) throws Exception {
		try (Socket client = connect(); ExecutorService writer = Executors.newSingleThreadExecutor()) {
			Future<?> written = writer.submit(() -> {
				client.getOutputStream().write(payload);
				client.shutdownOutput();
				return null;
			});
			byte[] echoed = client.getInputStream().readAllBytes();
			written.get();
			return echoed;
		}
	}

	private static String roundTrip(Socket client, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
		client.getOutputStream().write(bytes);
		return new String(client.getInputStream().readNBytes(bytes.length), StandardCharsets.US_ASCII);
	}

	/** What the next read sees: data, eof, reset or timeout. */
	private static String nextRead(Socket client) {
		try {
			return (client.getInputStream().read() < 0) ? "eof" : "data";
		}
		catch (SocketTimeoutException ex) {
			return "timeout";
		}
		catch (SocketException ex) {
			return "reset";
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static List<Thread> proxyThreads(String prefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith(prefix) && thread.isAlive())
			.toList();
	}

	private static byte[] random(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

}
