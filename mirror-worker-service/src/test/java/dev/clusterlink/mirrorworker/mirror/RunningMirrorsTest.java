package dev.clusterlink.mirrorworker.mirror;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.clusterlink.kafka.ClusterConnection;
import dev.clusterlink.mirrorworker.status.MirrorMetrics;
import dev.clusterlink.model.MirrorState;
import dev.clusterlink.store.MirrorRow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The registry's thread rights: changed on the reconciler thread only, read anywhere. */
class RunningMirrorsTest {

	private final ReconcilerThread thread = new ReconcilerThread(LinkPipelineTest.properties());

	private final RunningMirrors registry = new RunningMirrors(this.thread);

	@AfterEach
	void stop() {
		this.thread.shutdown();
	}

	@Test
	void onlyTheReconcilerThreadChangesTheRegistry() {
		Running mirror = running();
		assertThatIllegalStateException().isThrownBy(() -> this.registry.put(mirror))
			.withMessageContaining("mirror-reconciler");
		assertThatIllegalStateException().isThrownBy(() -> this.registry.remove(mirror.row().id()));
		assertThatIllegalStateException().isThrownBy(this.registry::closeIdlePipelines);

		AtomicReference<Throwable> failure = new AtomicReference<>();
		this.thread.runAndWait(() -> {
			try {
				this.registry.put(mirror);
				this.registry.addPipeline(mirror.pipeline());
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		assertThat(failure.get()).isNull();
		assertThat(this.registry.all()).containsExactly(mirror);
		assertThat(this.registry.get(mirror.row().id())).isSameAs(mirror);
		assertThat(this.registry.isRunning(mirror.row().id())).isTrue();
		assertThat(this.registry.of(mirror.pipeline())).containsExactly(mirror);
	}

	@Test
	void fencingAMirrorThatDoesNotRunHereDoesNothing() {
		this.registry.fence(UUID.randomUUID()); // the lease-fence thread never fails
		assertThat(this.registry.all()).isEmpty();
	}

	private static Running running() {
		ClusterConnection cluster = new ClusterConnection("c", "c:9092", Map.of());
		LinkPipeline pipeline = new LinkPipeline("link", cluster, cluster, null, LinkPipelineTest.properties(), null,
				new MirrorMetrics(new SimpleMeterRegistry()), null);
		MirrorRow row = new MirrorRow(UUID.randomUUID(), UUID.randomUUID(), "link", "orders", "orders",
				MirrorState.ACTIVE, null, null, null, 1);
		return new Running(row, pipeline, List.of());
	}

}
