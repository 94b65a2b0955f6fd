package dev.clusterlink.faults.scenario;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one stack every scenario class of a run shares (started by the first, closed when
 * the run ends): the scenarios leave it healthy for each other.
 */
final class SharedLab implements AutoCloseable {

	static final String LINK = "faults";

	private final FaultLab lab;

	private final Ledger ledger;

	private SharedLab() {
		Path root = Path.of(System.getProperty("clusterlink.root", "..")).toAbsolutePath().normalize();
		this.lab = FaultLab.start(root, Path.of("target", "fault-stack").toAbsolutePath(), 2);
		this.lab.link(LINK, Map.of());
		this.ledger = new Ledger(Path.of("target", "fault-suite-results.md"));
	}

	static SharedLab of(ExtensionContext context) {
		return context.getRoot()
			.getStore(ExtensionContext.Namespace.GLOBAL)
			.computeIfAbsent(SharedLab.class, (key) -> new SharedLab(), SharedLab.class);
	}

	FaultLab lab() {
		return this.lab;
	}

	Ledger ledger() {
		return this.ledger;
	}

	@Override
	public void close() {
		this.lab.close();
	}

}
