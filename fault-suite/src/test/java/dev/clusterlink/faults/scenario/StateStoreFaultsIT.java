package dev.clusterlink.faults.scenario;

import java.time.Duration;
import java.util.Map;

import dev.clusterlink.faults.stack.Postgres;
import dev.clusterlink.faults.traffic.AckedLoad;
import dev.clusterlink.stack.Rest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state store stopped or its connections cut, and the link manager dying between a
 * commit and the command it publishes: leases are fenced while PostgreSQL is away, and
 * everything converges by itself once it is back.
 */
class StateStoreFaultsIT extends FaultScenarios {

	@Test
	void postgresStoppedFor60SecondsWhileMirroring() {
		MirrorUnderTest mirror = activeMirror("postgres-down");
		try (AckedLoad load = mirror.load(RATE, SEED + 30)) {
			pause(Duration.ofSeconds(5));
			Postgres.stopImmediately();
			try {
				pause(Duration.ofSeconds(60));
			}
			finally {
				Postgres.start();
			}
			pause(Duration.ofSeconds(5));
			finish("PostgreSQL stopped (immediate) for 60 s while mirroring", 1, mirror, load);
		}
	}

	@Test
	void postgresConnectionsTerminatedEvery10SecondsForAMinute() {
		MirrorUnderTest mirror = activeMirror("postgres-cut");
		try (AckedLoad load = mirror.load(RATE, SEED + 31)) {
			int terminated = 0;
			for (int round = 0; round < 6; round++) {
				pause(Duration.ofSeconds(10));
				terminated += Postgres.terminateConnections(this.lab.stack().database());
			}
			assertThat(terminated).as("connections cut").isPositive();
			finish("PostgreSQL connections terminated every 10 s for a minute (" + terminated + " in all)", 6, mirror,
					load);
		}
	}

	/**
	 * The link manager halts right after committing a new mirror, before publishing its
	 * command: the mirror exists once, and the workers find it on their periodic
	 * reconcile.
	 */
	@Test
	void theLinkManagerKilledBetweenACommitAndItsCommand() {
		FaultLab.createTopic(stack().source().bootstrap(), "unannounced", 6, Map.of());
		stack().linkManager().stop();
		stack().linkManager().start(Map.of("CLUSTERLINK_FAULTS_HALTBEFOREPUBLISH", "true"));
		Rest rest = this.lab.rest();
		try {
			rest.post("/api/v1/links/" + LINK + "/mirrors", Map.of("sourceTopic", "unannounced"));
		}
		catch (RuntimeException ex) {
			// the link manager halted before it answered
		}
		eventually().until(() -> !stack().linkManager().isAlive());
		assertThat(stack().linkManager().log()).contains("FAULT INJECTION: halting after the commit");
		stack().linkManager().start();
		MirrorUnderTest mirror = new MirrorUnderTest(this.lab, LINK, "unannounced", 6);
		assertThat(rest.getAll("/api/v1/links/" + LINK + "/mirrors").toString()).contains("unannounced");
		try (AckedLoad load = mirror.load(RATE, SEED + 32)) {
			pause(Duration.ofSeconds(5));
			finish("link manager killed between a commit and its command", 1, mirror, load);
		}
		long copies = rest.getAll("/api/v1/links/" + LINK + "/mirrors")
			.stream()
			.filter((item) -> "unannounced".equals(item.path("name").asString()))
			.count();
		assertThat(copies).as("one mirror, once").isEqualTo(1);
	}

}
