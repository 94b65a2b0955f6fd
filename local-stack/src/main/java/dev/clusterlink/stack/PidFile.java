package dev.clusterlink.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The processes of a stack, one line each ({@code name pid start-millis}), appended as
 * they start so that a stack that failed half-way can still be stopped.
 */
public final class PidFile {

	private final Path file;

	public PidFile(Path file) {
		this.file = file;
	}

	synchronized void add(StackProcess process) {
		try {
			Files.createDirectories(this.file.getParent());
			Files.writeString(this.file, process.toLine() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public synchronized List<StackProcess> read() {
		if (!Files.exists(this.file)) {
			return List.of();
		}
		try {
			return Files.readAllLines(this.file)
				.stream()
				.filter((line) -> !line.isBlank())
				.map(StackProcess::fromLine)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public synchronized void delete() {
		try {
			Files.deleteIfExists(this.file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
