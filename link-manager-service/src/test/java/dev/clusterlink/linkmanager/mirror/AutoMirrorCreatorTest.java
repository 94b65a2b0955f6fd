package dev.clusterlink.linkmanager.mirror;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.clusterlink.linkmanager.LinkManagerProperties;
import dev.clusterlink.linkmanager.SingletonJobs;
import dev.clusterlink.linkmanager.cluster.ClusterGateway;
import dev.clusterlink.linkmanager.link.LinkService;
import dev.clusterlink.linkmanager.link.LinkView;
import dev.clusterlink.model.LinkState;
import org.junit.jupiter.api.Test;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A round of auto-creation goes on past a link that fails: one whose stored configs
 * cannot be read, one whose source does not answer.
 */
class AutoMirrorCreatorTest {

	private static final String ORDERS_ONLY = "{\"topicFilters\":[{\"name\":\"orders\",\"patternType\":\"LITERAL\","
			+ "\"filterType\":\"INCLUDE\"}]}";

	private final LinkService links = mock(LinkService.class);

	private final MirrorService mirrors = mock(MirrorService.class);

	private final ClusterGateway gateway = mock(ClusterGateway.class);

	private final AutoMirrorCreator creator = new AutoMirrorCreator(this.links, this.mirrors, this.gateway,
			mock(SingletonJobs.class), new LinkManagerProperties(Duration.ofSeconds(5), Duration.ofSeconds(30),
					Duration.ofSeconds(30), true, org.springframework.util.unit.DataSize.ofKilobytes(256)));

	@Test
	void aLinkThatFailsDoesNotKeepTheOthersFromTheirMirrors() {
		LinkView unreadable = link("unreadable",
				Map.of("auto.create.mirror.topics.enable", "true", "auto.create.mirror.topics.filters", "{not json"));
		LinkView unreachable = link("unreachable",
				Map.of("auto.create.mirror.topics.enable", "true", "auto.create.mirror.topics.filters", ORDERS_ONLY));
		LinkView healthy = link("healthy",
				Map.of("auto.create.mirror.topics.enable", "true", "auto.create.mirror.topics.filters", ORDERS_ONLY));
		when(this.links.views()).thenReturn(List.of(unreadable, unreachable, healthy));
		when(this.gateway.listTopics(unreachable.sourceClusterId()))
			.thenThrow(new IllegalStateException("source cluster unavailable"));
		when(this.gateway.listTopics(healthy.sourceClusterId())).thenReturn(Set.of("orders", "payments"));

		this.creator.createAll();
		this.creator.createAll();

		verify(this.mirrors, times(2)).create("healthy", new MirrorRequest("orders", null, "forward"));
		verify(this.mirrors, never()).create(eq("unreadable"), any());
		verify(this.mirrors, never()).create(eq("unreachable"), any());
	}

	private static LinkView link(String name, Map<String, String> configs) {
		return new LinkView(UUID.randomUUID(), name, UUID.randomUUID(), UUID.randomUUID(), LinkState.ACTIVE, configs,
				0);
	}

}
