package dev.clusterlink.linkmanager.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.security.ApiKeyFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The first start: with no key in the store, an admin key is created from
 * {@code CLUSTERLINK_BOOTSTRAP_ADMIN_KEY}, or generated and logged exactly once. Each
 * case runs in a transaction that is rolled back, on an emptied key table; two replicas
 * starting together on an empty store create one key between them.
 */
@ExtendWith(OutputCaptureExtension.class)
class BootstrapKeyIT extends LinkManagerIT {

	@Autowired
	private ApiKeys keys;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private PlatformTransactionManager transactions;

	@Test
	void theConfiguredKeyIsTheFirstAdminKey() throws Exception {
		// this context started with ADMIN_KEY configured: it is the admin key
		// bootstrap-admin
		getJson("/api/v1/api-keys/bootstrap-admin").andExpect(status().isOk());
		callAs(ADMIN_KEY, get("/api/v1/api-keys")).andExpect(status().isOk());
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_log where action = 'apikey.create' "
						+ "and entity_name = 'bootstrap-admin' and actor = 'system' and entity_id = "
						+ "(select id from api_keys where name = 'bootstrap-admin' and revoked_at is null)",
				Long.class))
			.isEqualTo(1);
	}

	@Test
	void withoutAConfiguredKeyOneIsGeneratedAndLoggedOnce(CapturedOutput output) {
		inEmptyStore(() -> {
			int before = output.getAll().length();
			Optional<ApiKeyFormat> generated = this.keys.bootstrap(null);
			assertThat(generated).isPresent();
			assertThat(this.jdbc.queryForObject("select count(*) from api_keys where name = 'bootstrap-admin' "
					+ "and role = 'admin' and links is null", Long.class))
				.isEqualTo(1);
			assertThat(this.keys.bootstrap(null)).as("keys exist: nothing happens").isEmpty();
			assertThat(this.keys.authenticate(generated.get().value())).isPresent();
			assertThat(output.getAll().substring(before)).doesNotContain(generated.get().secret());
		});
		inEmptyStore(() -> {
			int before = output.getAll().length();
			ApplicationRunner unconfigured = new SecurityConfiguration(new LinkScope()).apiKeyBootstrap(this.keys,
					SecuritySettings.of("enabled", null));
			try {
				unconfigured.run(new DefaultApplicationArguments());
				unconfigured.run(new DefaultApplicationArguments());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			String logged = output.getAll().substring(before);
			String key = this.jdbc.queryForObject("select key_id from api_keys where name = 'bootstrap-admin'",
					String.class);
			assertThat(logged.split("bootstrap admin API key \\(shown once", -1)).as("logged once").hasSize(2);
			assertThat(logged).contains("clk_" + key + "_");
		});
	}

	@Test
	void aMalformedKeyFailsWithoutShowingIt() {
		inEmptyStore(() -> assertThatIllegalStateException().isThrownBy(() -> this.keys.bootstrap("clk_oops-secret"))
			.withMessageContaining("CLUSTERLINK_BOOTSTRAP_ADMIN_KEY")
			.withMessageNotContaining("oops-secret"));
	}

	@Test
	void twoReplicasStartingTogetherCreateOneKey() throws Exception {
		// committed, unlike inEmptyStore: each replica's bootstrap is its own
		// transaction, and they must see the same empty store
		this.jdbc.execute("create table api_keys_saved as select * from api_keys");
		try {
			this.jdbc.update("delete from api_keys");
			CyclicBarrier together = new CyclicBarrier(2);
			ExecutorService replicas = Executors.newFixedThreadPool(2);
			try {
				List<Future<Optional<ApiKeyFormat>>> starts = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					starts.add(replicas.submit(() -> {
						together.await(30, TimeUnit.SECONDS);
						return this.keys.bootstrap(null);
					}));
				}
				List<Optional<ApiKeyFormat>> generated = new ArrayList<>();
				for (Future<Optional<ApiKeyFormat>> start : starts) {
					generated.add(start.get(60, TimeUnit.SECONDS));
				}
				assertThat(generated).filteredOn(Optional::isPresent).as("one replica generated a key").hasSize(1);
				assertThat(this.jdbc.queryForObject("select count(*) from api_keys", Long.class)).isEqualTo(1);
				ApiKeyFormat key = generated.stream().flatMap(Optional::stream).findFirst().orElseThrow();
				assertThat(this.keys.authenticate(key.value())).isPresent();
			}
			finally {
				replicas.shutdownNow();
			}
		}
		finally {
			this.jdbc.update("delete from api_keys");
			this.jdbc.update("insert into api_keys select * from api_keys_saved");
			this.jdbc.execute("drop table api_keys_saved");
		}
	}

	private void inEmptyStore(Runnable test) {
		TransactionTemplate transaction = new TransactionTemplate(this.transactions);
		transaction.executeWithoutResult((status) -> {
			this.jdbc.update("delete from api_keys");
			try {
				test.run();
			}
			finally {
				status.setRollbackOnly();
			}
		});
	}

}
