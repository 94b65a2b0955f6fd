package dev.clusterlink.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LinkConfigsTest {

	@Test
	void unknownKeyIsRejectedByNameWithTheValidKeys() {
		InvalidLinkConfigException ex = catchThrowableOfType(InvalidLinkConfigException.class,
				() -> LinkConfigs.normalize(Map.of("consumer.offset.sync.enabled", "true")));
		assertThat(ex.key()).isEqualTo("consumer.offset.sync.enabled");
		assertThat(ex.validKeys()).contains("consumer.offset.sync.enable", "cluster.link.prefix");
		assertThat(ex.getMessage()).contains("unknown link config").contains("consumer.offset.sync.enable");
	}

	@Test
	void valuesAreNormalizedToCanonicalStrings() {
		Map<String, Object> raw = new LinkedHashMap<>();
		raw.put("consumer.offset.sync.enable", true);
		raw.put("consumer.offset.sync.ms", 5000);
		raw.put("acl.sync.enable", "FALSE");
		raw.put("mirror.start.offset.spec", "2026-11-01T10:00:00+01:00");
		raw.put("consumer.offset.group.filters", Map.of("groupFilters",
				List.of(Map.of("name", "*", "patternType", "LITERAL", "filterType", "INCLUDE"))));
		Map<String, String> normalized = LinkConfigs.normalize(raw);
		assertThat(normalized).containsEntry("consumer.offset.sync.enable", "true")
			.containsEntry("consumer.offset.sync.ms", "5000")
			.containsEntry("acl.sync.enable", "false")
			.containsEntry("mirror.start.offset.spec", "2026-11-01T09:00:00Z");
		assertThat(normalized.get("consumer.offset.group.filters")).startsWith("{\"groupFilters\":[{");
	}

	@Test
	void filterJsonMayArriveAsAString() {
		Map<String, String> normalized = LinkConfigs.normalize(Map.of("auto.create.mirror.topics.filters",
				"{ \"topicFilters\" : [ {\"name\":\"orders\",\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"} ] }"));
		assertThat(normalized.get("auto.create.mirror.topics.filters")).isEqualTo(
				"{\"topicFilters\":[{\"name\":\"orders\",\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"}]}");
	}

	@Test
	void badValuesNameTheKeyAndTheReason() {
		assertInvalid(Map.of("consumer.offset.sync.ms", "999"), "consumer.offset.sync.ms", "at least 1000");
		assertInvalid(Map.of("acl.sync.ms", "soon"), "acl.sync.ms", "whole number");
		assertInvalid(Map.of("consumer.offset.sync.enable", "yes"), "consumer.offset.sync.enable", "true or false");
		assertInvalid(Map.of("mirror.start.offset.spec", "yesterday"), "mirror.start.offset.spec", "earliest, latest");
		assertInvalid(Map.of("cluster.link.prefix", "eu/"), "cluster.link.prefix", "letters, digits");
		assertInvalid(
				Map.of("auto.create.mirror.topics.filters",
						"{\"topicFilters\":[{\"name\":\"x\",\"filterType\":\"MAYBE\"}]}"),
				"auto.create.mirror.topics.filters", "topicFilters[0].filterType must be INCLUDE or EXCLUDE");
		assertInvalid(Map.of("acl.filters", "[]"), "acl.filters", "must be a JSON object");
	}

	@Test
	void aclSyncNeedsFilters() {
		assertInvalid(Map.of("acl.sync.enable", "true"), "acl.filters", "required when acl.sync.enable is true");
		assertThat(LinkConfigs.normalize(Map.of("acl.sync.enable", "true", "acl.filters", "{\"aclFilters\":[{}]}")))
			.containsEntry("acl.sync.enable", "true");
	}

	@Test
	void prefixCannotChangeAfterCreation() {
		LinkConfigs.checkUpdate(Map.of("cluster.link.prefix", "eu."), Map.of("cluster.link.prefix", "eu."));
		assertThatThrownBy(() -> LinkConfigs.checkUpdate(Map.of("cluster.link.prefix", "eu."), Map.of()))
			.isInstanceOf(InvalidLinkConfigException.class)
			.hasMessage("cluster.link.prefix: cannot be changed after the link is created");
		LinkConfigs.checkUpdate(Map.of(), Map.of("consumer.offset.sync.ms", "1000"));
	}

	@Test
	void linkModeIsSpelledAsConfluentDoesAndSetAtCreationOnly() {
		assertThat(LinkConfigs.normalize(Map.of("link.mode", "bidirectional"))).containsEntry("link.mode",
				"BIDIRECTIONAL");
		assertThat(LinkConfigs.bidirectional(LinkConfigs.normalize(Map.of("link.mode", "BIDIRECTIONAL")))).isTrue();
		assertThat(LinkConfigs.bidirectional(Map.of())).isFalse();
		assertThat(LinkConfigs.effective(Map.of()).get("link.mode"))
			.isEqualTo(new LinkConfigs.EffectiveValue("UNIDIRECTIONAL", true));
		assertInvalid(Map.of("link.mode", "both-ways"), "link.mode", "must be one of UNIDIRECTIONAL, BIDIRECTIONAL");
		assertThatThrownBy(() -> LinkConfigs.checkUpdate(Map.of("link.mode", "BIDIRECTIONAL"), Map.of()))
			.isInstanceOf(InvalidLinkConfigException.class)
			.hasMessage("link.mode: cannot be changed after the link is created");
		// other enums keep their lower-case spelling, whatever the case they arrive in
		assertThat(LinkConfigs.normalize(Map.of("acl.sync.mode", "READ-REPLICA"))).containsEntry("acl.sync.mode",
				"read-replica");
	}

	@Test
	void effectiveConfigsMarkDefaults() {
		Map<String, LinkConfigs.EffectiveValue> effective = LinkConfigs
			.effective(Map.of("consumer.offset.sync.ms", "1000"));
		assertThat(effective).containsKeys(LinkConfigs.names().toArray(String[]::new));
		assertThat(effective.get("consumer.offset.sync.ms")).isEqualTo(new LinkConfigs.EffectiveValue("1000", false));
		assertThat(effective.get("acl.sync.ms")).isEqualTo(new LinkConfigs.EffectiveValue("5000", true));
		assertThat(effective.get("mirror.start.offset.spec"))
			.isEqualTo(new LinkConfigs.EffectiveValue("earliest", true));
	}

	@Test
	void typedViewReadsDefaultsAndValues() {
		LinkConfig config = LinkConfig.of(LinkConfigs.normalize(Map.of("cluster.link.prefix", "dr.",
				"mirror.start.offset.spec", "2026-01-01T00:00:00Z", "consumer.offset.sync.ms", "2000")));
		assertThat(config.mirrorTopicFor("orders")).isEqualTo("dr.orders");
		assertThat(config.startOffset())
			.isEqualTo(new StartOffsetSpec.Timestamp(Instant.parse("2026-01-01T00:00:00Z")));
		assertThat(config.consumerOffsetSyncInterval()).isEqualTo(Duration.ofSeconds(2));
		assertThat(config.aclSyncInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(config.topicConfigSyncInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(config.autoCreateMirrors()).isFalse();
		assertThat(config.autoCreateFilters().isEmpty()).isTrue();
		assertThat(LinkConfig.of(Map.of()).startOffset()).isInstanceOf(StartOffsetSpec.Earliest.class);
	}

	@Test
	void ownKeysForTheWorkerAndTheSyncServices() {
		Map<String, String> normalized = LinkConfigs.normalize(Map.of("acl.sync.mode", "FULL",
				"topic.config.sync.exclude", " retention.ms , ,segment.bytes", "mirror.deny.write.principals",
				List.of("User:a", "User:b"), "mirror.data.loss.policy", "skip", "mirror.gap.fill.max.records", 0));
		assertThat(normalized).containsEntry("acl.sync.mode", "full")
			.containsEntry("topic.config.sync.exclude", "retention.ms,segment.bytes")
			.containsEntry("mirror.deny.write.principals", "User:a,User:b");
		LinkConfig config = LinkConfig.of(normalized);
		assertThat(config.fullAclSync()).isTrue();
		assertThat(config.topicConfigSyncExclude()).containsExactlyInAnyOrder("retention.ms", "segment.bytes");
		assertThat(config.denyWritePrincipals()).containsExactly("User:a", "User:b");
		assertThat(config.skipDataLoss()).isTrue();
		assertThat(config.gapFillMaxRecords()).isZero();
		LinkConfig defaults = LinkConfig.of(Map.of());
		assertThat(defaults.fullAclSync()).isFalse();
		assertThat(defaults.gapFillMaxRecords()).isEqualTo(100_000_000L);
		assertThat(defaults.promoteTimeout()).isEqualTo(Duration.ofMinutes(5));
		assertThat(defaults.denyWritePrincipals()).isEmpty();
		assertInvalid(Map.of("acl.sync.mode", "mirror"), "acl.sync.mode", "read-replica, full");
		assertInvalid(Map.of("mirror.data.loss.policy", "ignore"), "mirror.data.loss.policy", "fail, skip");
	}

	@Test
	void everyNumberHasAnUpperBound() {
		List<LinkConfigDef> numbers = LinkConfigs.definitions()
			.stream()
			.filter((def) -> def.type() == ConfigType.LONG)
			.toList();
		assertThat(numbers).extracting(LinkConfigDef::name)
			.containsExactlyInAnyOrder("consumer.offset.sync.ms", "acl.sync.ms", "topic.config.sync.ms",
					"mirror.gap.fill.max.records", "mirror.promote.timeout.ms");
		for (LinkConfigDef def : numbers) {
			assertThat(def.max()).as(def.name()).isLessThan(Long.MAX_VALUE / 1_000_000);
			assertThat(def.doc()).as(def.name()).contains("Allowed: " + def.min() + " to " + def.max() + ".");
		}
		for (LinkConfigDef def : LinkConfigs.definitions()) {
			if (def.name().endsWith(".ms")) {
				// a millisecond config in nanoseconds, added to a nanosecond clock, fits
				assertThat(Math.multiplyExact(def.max(), 1_000_000L)).as(def.name())
					.isLessThan(Long.MAX_VALUE - System.nanoTime());
			}
		}
	}

	@Test
	void intervalsAreAcceptedUpToTheirBoundAndRefusedAbove() {
		for (String key : List.of("consumer.offset.sync.ms", "acl.sync.ms", "topic.config.sync.ms")) {
			assertThat(LinkConfigs.normalize(Map.of(key, 3_600_000))).containsEntry(key, "3600000");
			assertThat(LinkConfigs.normalize(Map.of(key, "1000"))).containsEntry(key, "1000");
			assertInvalid(Map.of(key, 3_600_001), key, "must be at most 3600000 (allowed: 1000 to 3600000)");
			assertInvalid(Map.of(key, "3600001"), key, "at most 3600000");
			assertInvalid(Map.of(key, 999), key, "must be at least 1000 (allowed: 1000 to 3600000)");
		}
		assertThat(LinkConfigs.normalize(Map.of("mirror.promote.timeout.ms", 86_400_000L)))
			.containsEntry("mirror.promote.timeout.ms", "86400000");
		assertInvalid(Map.of("mirror.promote.timeout.ms", 86_400_001L), "mirror.promote.timeout.ms",
				"at most 86400000 (allowed: 1000 to 86400000)");
		assertThat(LinkConfigs.normalize(Map.of("mirror.gap.fill.max.records", 1_000_000_000)))
			.containsEntry("mirror.gap.fill.max.records", "1000000000");
		assertInvalid(Map.of("mirror.gap.fill.max.records", 1_000_000_001L), "mirror.gap.fill.max.records",
				"at most 1000000000 (allowed: 0 to 1000000000)");
		assertInvalid(Map.of("mirror.gap.fill.max.records", -1), "mirror.gap.fill.max.records", "at least 0");
	}

	@Test
	void numbersTooBigForALongOrNotWholeAreRefusedByName() {
		// as JSON numbers arrive: a BigInteger must not wrap around into the range
		BigInteger wrapsToThousand = BigInteger.TWO.pow(64).add(BigInteger.valueOf(1_000));
		assertThat(wrapsToThousand.longValue()).isEqualTo(1_000);
		assertInvalid(Map.of("acl.sync.ms", wrapsToThousand), "acl.sync.ms", "at most 3600000");
		assertInvalid(Map.of("acl.sync.ms", "99999999999999999999999"), "acl.sync.ms", "at most 3600000");
		assertInvalid(Map.of("acl.sync.ms", Long.MAX_VALUE), "acl.sync.ms", "at most 3600000");
		assertInvalid(Map.of("acl.sync.ms", "-99999999999999999999999"), "acl.sync.ms", "at least 1000");
		assertInvalid(Map.of("acl.sync.ms", Long.MIN_VALUE), "acl.sync.ms", "at least 1000");
		assertInvalid(Map.of("consumer.offset.sync.ms", 5000.5), "consumer.offset.sync.ms",
				"must be a whole number from 1000 to 3600000");
		assertInvalid(Map.of("consumer.offset.sync.ms", new BigDecimal("5000.5")), "consumer.offset.sync.ms",
				"whole number");
		assertInvalid(Map.of("consumer.offset.sync.ms", true), "consumer.offset.sync.ms", "whole number");
		assertInvalid(Map.of("consumer.offset.sync.ms", "1e4"), "consumer.offset.sync.ms", "whole number");
		assertInvalid(Map.of("consumer.offset.sync.ms", ""), "consumer.offset.sync.ms", "whole number");
		assertInvalid(Map.of("consumer.offset.sync.ms", List.of(5000)), "consumer.offset.sync.ms", "whole number");
		assertThat(LinkConfigs.normalize(Map.of("consumer.offset.sync.ms", new BigDecimal("5E+3"))))
			.containsEntry("consumer.offset.sync.ms", "5000");
		assertThat(LinkConfigs.normalize(Map.of("consumer.offset.sync.ms", BigInteger.valueOf(5000))))
			.containsEntry("consumer.offset.sync.ms", "5000");
		assertThat(LinkConfigs.normalize(Map.of("consumer.offset.sync.ms", " +5000 ")))
			.containsEntry("consumer.offset.sync.ms", "5000");
	}

	@Test
	void storedValuesFromBeforeTheBoundsAreClampedWhenRead() {
		// written before the bounds existed: services read them within range, never
		// overflowing nanoseconds
		LinkConfig config = LinkConfig.of(Map.of("consumer.offset.sync.ms", "9223372036854775807", "acl.sync.ms",
				"99999999999999999999999", "topic.config.sync.ms", "10", "mirror.promote.timeout.ms", "9000000000000",
				"mirror.gap.fill.max.records", "-5"));
		assertThat(config.consumerOffsetSyncInterval()).isEqualTo(Duration.ofHours(1));
		assertThat(config.aclSyncInterval()).isEqualTo(Duration.ofHours(1));
		assertThat(config.topicConfigSyncInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(config.topicConfigSyncInterval().toNanos()).isEqualTo(1_000_000_000L);
		assertThat(config.promoteTimeout()).isEqualTo(Duration.ofHours(24));
		assertThat(config.gapFillMaxRecords()).isZero();
		// not a number at all (edited by hand): the default, not an exception
		LinkConfig garbled = LinkConfig.of(Map.of("acl.sync.ms", "soon", "consumer.offset.sync.ms", " 2000 "));
		assertThat(garbled.aclSyncInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(garbled.consumerOffsetSyncInterval()).isEqualTo(Duration.ofSeconds(2));
	}

	private static void assertInvalid(Map<String, ?> raw, String key, String reason) {
		InvalidLinkConfigException ex = catchThrowableOfType(InvalidLinkConfigException.class,
				() -> LinkConfigs.normalize(raw));
		assertThat(ex).as("expected %s to be rejected", raw).isNotNull();
		assertThat(ex.key()).isEqualTo(key);
		assertThat(ex.getMessage()).startsWith(key + ": ").contains(reason);
	}

}
