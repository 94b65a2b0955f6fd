package dev.clusterlink.localdb;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseDefaultsTest {

	@Test
	void probesTheDefaultServerUnlessMoved() {
		InetSocketAddress standard = DatabaseDefaults.probeAddress(Map.of());
		assertThat(standard.getHostString()).isEqualTo("127.0.0.1");
		assertThat(standard.getPort()).isEqualTo(5432);

		InetSocketAddress moved = DatabaseDefaults
			.probeAddress(Map.of(DatabaseDefaults.PROBE_VARIABLE, "db.local:6543"));
		assertThat(moved.getHostString()).isEqualTo("db.local");
		assertThat(moved.getPort()).isEqualTo(6543);
		assertThat(DatabaseDefaults.url(moved, "clusterlink")).isEqualTo("jdbc:postgresql://db.local:6543/clusterlink");
	}

	@Test
	void reachableOnlyWhileSomethingListens() throws IOException {
		InetSocketAddress address;
		try (ServerSocket server = new ServerSocket(0)) {
			address = InetSocketAddress.createUnresolved("127.0.0.1", server.getLocalPort());
			assertThat(DatabaseDefaults.reachable(address)).isTrue();
		}
		assertThat(DatabaseDefaults.reachable(address)).isFalse();
	}

	@Test
	void blankVariablesFallBack() {
		assertThat(DatabaseDefaults.get(Map.of("X", " "), "X", "fallback")).isEqualTo("fallback");
		assertThat(DatabaseDefaults.get(Map.of("X", "set"), "X", "fallback")).isEqualTo("set");
	}

}
