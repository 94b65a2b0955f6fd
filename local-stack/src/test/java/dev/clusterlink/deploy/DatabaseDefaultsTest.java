package dev.clusterlink.deploy;

import java.net.InetSocketAddress;
import java.util.Map;

import dev.clusterlink.localdb.DatabaseDefaults;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The services' own database defaults (their application.yml) are the ones the tests and
 * the local stack share ({@link DatabaseDefaults}): the same variables, the same server,
 * database and user.
 */
class DatabaseDefaultsTest {

	@Test
	void everyServiceDefaultsToTheDatabaseTheLocalStackUses() {
		String url = DatabaseDefaults.url(
				InetSocketAddress.createUnresolved(DatabaseDefaults.HOST, DatabaseDefaults.PORT),
				DatabaseDefaults.STACK_DATABASE);
		SoftAssertions softly = new SoftAssertions();
		for (ServiceModule module : ServiceModule.all()) {
			module.config().ifPresent((config) -> {
				softly.assertThat(config.resolve("spring.datasource.url", Map.of()))
					.as("%s: default database URL", module)
					.isEqualTo(url);
				softly.assertThat(config.resolve("spring.datasource.url", Map.of(DatabaseDefaults.URL_VARIABLE, "x")))
					.as("%s: %s", module, DatabaseDefaults.URL_VARIABLE)
					.isEqualTo("x");
				softly.assertThat(config.resolve("spring.datasource.username", Map.of()))
					.as("%s: default user", module)
					.isEqualTo(DatabaseDefaults.USER);
				softly
					.assertThat(
							config.resolve("spring.datasource.username", Map.of(DatabaseDefaults.USER_VARIABLE, "u")))
					.as("%s: %s", module, DatabaseDefaults.USER_VARIABLE)
					.isEqualTo("u");
				softly
					.assertThat(config.resolve("spring.datasource.password",
							Map.of(DatabaseDefaults.PASSWORD_VARIABLE, "p")))
					.as("%s: %s", module, DatabaseDefaults.PASSWORD_VARIABLE)
					.isEqualTo("p");
			});
		}
		softly.assertAll();
	}

}
