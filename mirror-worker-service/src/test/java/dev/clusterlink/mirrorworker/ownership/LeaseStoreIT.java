package dev.clusterlink.mirrorworker.ownership;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.clusterlink.mirrorworker.support.ControlPlane;
import dev.clusterlink.mirrorworker.support.SimpleDataSource;
import dev.clusterlink.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leases in PostgreSQL (DESIGN.md §3, §8): one holder per epoch, and whether the next
 * holder must settle the destination because its predecessor did not hand over cleanly.
 */
class LeaseStoreIT {

	private static final ControlPlane control = new ControlPlane(TestPostgres.database());

	private static LeaseStore store;

	@BeforeAll
	static void migrate() {
		TestPostgres.Database db = TestPostgres.database();
		org.flywaydb.core.Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).load().migrate();
		store = new LeaseStore(new SimpleDataSource(db));
	}

	@Test
	void aFirstLeaseHasNoPredecessorAndAHeldOneIsNotGrantedTwice() {
		UUID mirror = newMirror();
		LeaseStore.Granted first = store.acquire(mirror, "a", Duration.ofSeconds(30));
		assertThat(first.epoch()).isEqualTo(1);
		assertThat(first.predecessorDrained()).isTrue();
		assertThat(store.acquire(mirror, "b", Duration.ofSeconds(30))).isNull();
	}

	@Test
	void aLeaseReleasedDrainedIsTakenWithoutSettling() {
		UUID mirror = newMirror();
		LeaseStore.Granted first = store.acquire(mirror, "a", Duration.ofSeconds(30));
		store.release(new Lease(mirror, first.epoch(), System.nanoTime(), 1, true), "a", true);
		LeaseStore.Granted next = store.acquire(mirror, "b", Duration.ofSeconds(30));
		assertThat(next.epoch()).isEqualTo(2);
		assertThat(next.predecessorDrained()).isTrue();
	}

	@Test
	void aLeaseReleasedWithSendsOfUnknownOutcomeMakesTheNextHolderSettle() {
		UUID mirror = newMirror();
		LeaseStore.Granted first = store.acquire(mirror, "a", Duration.ofSeconds(30));
		store.release(new Lease(mirror, first.epoch(), System.nanoTime(), 1, true), "a", false);
		LeaseStore.Granted next = store.acquire(mirror, "b", Duration.ofSeconds(30));
		assertThat(next.predecessorDrained()).isFalse();
		// and the one after that, once b releases drained, need not
		store.release(new Lease(mirror, next.epoch(), System.nanoTime(), 1, false), "b", true);
		assertThat(store.acquire(mirror, "c", Duration.ofSeconds(30)).predecessorDrained()).isTrue();
	}

	@Test
	void aLeaseThatExpiredIsTakenOverWithASettleAndTheStaleHolderCannotRenew() {
		UUID mirror = newMirror();
		LeaseStore.Granted first = store.acquire(mirror, "a", Duration.ofMillis(200));
		Lease stale = new Lease(mirror, first.epoch(), System.nanoTime(), 1, true);
		LeaseStore.Granted[] next = new LeaseStore.Granted[1];
		await().atMost(Duration.ofSeconds(10))
			.until(() -> (next[0] = store.acquire(mirror, "b", Duration.ofSeconds(30))) != null);
		assertThat(next[0].epoch()).isEqualTo(2);
		assertThat(next[0].predecessorDrained()).as("a crashed or froze holding it").isFalse();
		assertThat(store.renew(Set.of(stale), "a", Duration.ofSeconds(30))).isEmpty();
	}

	@AfterEach
	void deleteMirrors() {
		this.mirrors.forEach(control::deleteMirror);
	}

	/**
	 * A mirror the in-JVM worker of the other tests leaves alone: STOPPED at once (its
	 * clusters do not exist), deleted after the test.
	 */
	private UUID newMirror() {
		String name = "lease-" + UUID.randomUUID().toString().substring(0, 8);
		UUID source = control.cluster(name + "-src", "127.0.0.1:1");
		UUID destination = control.cluster(name + "-dst", "127.0.0.1:1");
		UUID link = control.link(name, source, destination, Map.of());
		UUID mirror = control.mirror(link, destination, name, name);
		control.request(mirror, "STOPPED", "FAILOVER");
		this.mirrors.add(mirror);
		return mirror;
	}

	private final java.util.List<UUID> mirrors = new java.util.ArrayList<>();

}
