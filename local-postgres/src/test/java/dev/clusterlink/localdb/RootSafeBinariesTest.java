package dev.clusterlink.localdb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive handed to zonky as root: initdb and pg_ctl become scripts that run the real
 * programs as an unprivileged user; everything else stays as it was.
 */
class RootSafeBinariesTest {

	@Test
	void wrapsInitdbAndPgCtlAndKeepsTheRest() throws IOException {
		Map<String, String> original = new LinkedHashMap<>();
		original.put("bin/initdb", "real initdb");
		original.put("./bin/pg_ctl", "real pg_ctl");
		original.put("bin/postgres", "real postgres");
		original.put("share/postgresql/postgres.bki", "catalog");
		ByteArrayOutputStream rewritten = new ByteArrayOutputStream();

		RootSafeBinaries.rewrite(new ByteArrayInputStream(txz(original)), rewritten, "postgres");

		Map<String, String> entries = read(rewritten.toByteArray());
		assertThat(entries).containsEntry("bin/initdb.real", "real initdb")
			.containsEntry("bin/pg_ctl.real", "real pg_ctl")
			.containsEntry("bin/postgres", "real postgres")
			.containsEntry("share/postgresql/postgres.bki", "catalog")
			.containsKeys("bin/initdb", "bin/pg_ctl");
		assertThat(entries.get("bin/initdb")).startsWith("#!/bin/sh")
			.contains("initdb.real")
			.contains("setpriv --reuid=\"$user\"")
			.contains("CLUSTERLINK_EMBEDDED_PG_USER:-postgres")
			.contains("chown -R \"$user\"");
		assertThat(entries.get("bin/pg_ctl")).contains("pg_ctl.real");
	}

	@Test
	void theScriptRunsTheRealProgramDirectlyWhenNotRoot() {
		assertThat(RootSafeBinaries.wrapper("initdb", "nobody"))
			.contains("[ \"$(id -u)\" -ne 0 ] && exec \"$real\" \"$@\"");
	}

	private static byte[] txz(Map<String, String> files) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
				new XZOutputStream(bytes, new LZMA2Options(LZMA2Options.PRESET_MIN)))) {
			for (Map.Entry<String, String> file : files.entrySet()) {
				byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
				TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
				entry.setSize(content.length);
				tar.putArchiveEntry(entry);
				tar.write(content);
				tar.closeArchiveEntry();
			}
		}
		return bytes.toByteArray();
	}

	private static Map<String, String> read(byte[] txz) throws IOException {
		Map<String, String> entries = new LinkedHashMap<>();
		try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(txz)))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				entries.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		return entries;
	}

}
