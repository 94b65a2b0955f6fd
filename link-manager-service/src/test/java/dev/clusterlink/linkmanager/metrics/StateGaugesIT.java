package dev.clusterlink.linkmanager.metrics;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.config.LinkConfigs;
import dev.clusterlink.linkmanager.LinkManagerIT;
import dev.clusterlink.testsupport.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The state store's counts as gauges: they follow the rows, and a deleted link leaves
 * none.
 */
class StateGaugesIT extends LinkManagerIT {

	@Autowired
	StateGauges gauges;

	@Autowired
	MeterRegistry registry;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void linksMirrorsPartitionsAndTasksByState() throws Exception {
		String link = unique("gauges");
		postJson("/api/v1/links",
				Map.of("name", link, "sourceCluster", register(TestKafka.sourceBootstrap()), "destinationCluster",
						register(TestKafka.destinationBootstrap()), "configs",
						Map.of("consumer.offset.sync.ms", "10000")))
			.andExpect(status().isCreated());
		String topic = unique("gauges-topic");
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.sourceBootstrap()))) {
			admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		postJson("/api/v1/links/" + link + "/mirrors", Map.of("sourceTopic", topic)).andExpect(status().isCreated());
		UUID linkId = this.jdbc.queryForObject("select id from links where name = ?", UUID.class, link);
		UUID mirrorId = this.jdbc.queryForObject("select id from mirrors where link_id = ?", UUID.class, linkId);
		for (int p = 0; p < 2; p++) {
			this.jdbc.update(
					"insert into mirror_partitions (mirror_id, partition, state, updated_at) values (?, ?, ?, now())",
					mirrorId, p, (p == 0) ? "ACTIVE" : "DATA_LOSS");
		}
		this.jdbc.update("insert into link_tasks (link_id, task, state, last_success_at, updated_at) "
				+ "values (?, 'ConsumerOffsetSync', 'IN_ERROR', now() - interval '90 seconds', now() - interval '5 seconds')",
				linkId);

		this.gauges.refresh();

		assertThat(this.registry.find("clusterlink.store.link.state").tag("link", link).gauges()).singleElement()
			.satisfies((gauge) -> assertThat(gauge.value()).isEqualTo(1));
		assertThat(value("clusterlink.store.mirrors", link, "state", "PENDING")).isEqualTo(1);
		assertThat(value("clusterlink.store.partitions", link, "state", "ACTIVE")).isEqualTo(1);
		assertThat(value("clusterlink.store.partitions", link, "state", "DATA_LOSS")).isEqualTo(1);
		assertThat(value("clusterlink.store.link.tasks", link, "state", "IN_ERROR")).isEqualTo(1);
		assertThat(value("clusterlink.store.link.task.success.age", link, "task", "ConsumerOffsetSync")).isBetween(89.0,
				120.0);
		assertThat(value("clusterlink.store.link.task.update.age", link, "task", "ConsumerOffsetSync")).isBetween(4.0,
				60.0);
		assertThat(value("clusterlink.store.link.task.interval", link, "task", "ConsumerOffsetSync")).isEqualTo(10.0);
		call(get("/actuator/prometheus")).andExpect(status().isOk())
			.andExpect(content().string(containsString("clusterlink_store_mirrors{")))
			.andExpect(content().string(containsString("clusterlink_store_link_task_success_age_seconds{")));

		this.jdbc.update("update mirror_partitions set state = 'ACTIVE' where mirror_id = ?", mirrorId);
		this.gauges.refresh();
		assertThat(this.registry.find("clusterlink.store.partitions").tag("link", link).gauges()).hasSize(1);

		this.jdbc.update("delete from links where id = ?", linkId);
		this.gauges.refresh();
		assertThat(this.registry.getMeters()).noneMatch((meter) -> link.equals(meter.getId().getTag("link")));
	}

	@Test
	void anIntervalComesFromTheLinksConfigsOrItsDefault() {
		assertThat(StateGauges.intervalSeconds("{}", LinkConfigs.ACL_SYNC_MS)).isEqualTo(5.0);
		assertThat(StateGauges.intervalSeconds("{\"acl.sync.ms\": \"2000\"}", LinkConfigs.ACL_SYNC_MS)).isEqualTo(2.0);
		assertThat(StateGauges.intervalSeconds("{\"consumer.offset.sync.ms\": \"60000\", \"acl.sync.ms\": \"2000\"}",
				LinkConfigs.CONSUMER_OFFSET_SYNC_MS))
			.isEqualTo(60.0);
	}

	private double value(String name, String link, String tag, String tagValue) {
		return this.registry.find(name).tag("link", link).tag(tag, tagValue).gauge().value();
	}

	private String register(String bootstrap) throws Exception {
		String name = unique("cluster");
		postJson("/api/v1/clusters", Map.of("name", name, "bootstrapServers", bootstrap))
			.andExpect(status().isCreated());
		return name;
	}

}
