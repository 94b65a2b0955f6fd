package dev.clusterlink.localdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class EmbeddedPostgresServerTest {

	@Test
	void knowsTheVersionOfItsBinaries() {
		assertThat(EmbeddedPostgresServer.version()).matches("\\d+\\.\\d+\\.\\d+");
	}

	@Test
	void refusesAKeptDataDirectoryOfAnotherMajorVersion(@TempDir Path data) throws IOException {
		assertThatNoException().isThrownBy(() -> EmbeddedPostgresServer.requireSameMajorVersion(data));
		String major = EmbeddedPostgresServer.version().split("\\.")[0];
		Files.writeString(data.resolve("PG_VERSION"), major + "\n");
		assertThatNoException().isThrownBy(() -> EmbeddedPostgresServer.requireSameMajorVersion(data));
		Files.writeString(data.resolve("PG_VERSION"), "9\n");
		assertThatIllegalStateException().isThrownBy(() -> EmbeddedPostgresServer.requireSameMajorVersion(data))
			.withMessageContaining("is of PostgreSQL 9");
	}

}
