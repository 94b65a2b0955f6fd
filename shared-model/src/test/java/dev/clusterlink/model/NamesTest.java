package dev.clusterlink.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

	@Test
	void resourceNames() {
		assertThat(Names.resourceNameProblem("eu-west.1")).isNull();
		assertThat(Names.resourceNameProblem("")).isEqualTo("must not be empty");
		assertThat(Names.resourceNameProblem("-x")).isNotNull();
		assertThat(Names.resourceNameProblem("a/b")).isNotNull();
		assertThat(Names.resourceNameProblem("a".repeat(101))).isNotNull();
	}

	@Test
	void topicNamesFollowKafkasRules() {
		assertThat(Names.topicNameProblem("orders.v1_eu-2")).isNull();
		assertThat(Names.topicNameProblem("..")).isNotNull();
		assertThat(Names.topicNameProblem("a b")).isNotNull();
		assertThat(Names.topicNameProblem("a".repeat(250))).isNotNull();
	}

	@Test
	void internalTopicsAreRecognised() {
		assertThat(Names.isInternalTopic("__consumer_offsets")).isTrue();
		assertThat(Names.isInternalTopic("_clusterlink-commands")).isTrue();
		assertThat(Names.isInternalTopic("mm2-offset-syncs.dr.internal")).isTrue();
		assertThat(Names.isInternalTopic("orders")).isFalse();
		assertThat(Names.isInternalTopic("heartbeats-service")).isFalse();
	}

}
