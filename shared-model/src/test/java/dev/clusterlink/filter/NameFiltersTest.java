package dev.clusterlink.filter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NameFiltersTest {

	@Test
	void noFilterSelectsNothing() {
		assertThat(NameFilters.NONE.matches("orders")).isFalse();
		assertThat(FilterJson.parseNameFilters("", FilterJson.TOPIC_FILTERS).matches("orders")).isFalse();
		assertThat(FilterJson.parseNameFilters("{\"topicFilters\":[]}", FilterJson.TOPIC_FILTERS).matches("orders"))
			.isFalse();
	}

	@Test
	void literalMatchesTheExactName() {
		NameFilters filters = parse("[{\"name\":\"orders\",\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"}]");
		assertThat(filters.matches("orders")).isTrue();
		assertThat(filters.matches("orders-eu")).isFalse();
		assertThat(filters.matches("order")).isFalse();
	}

	@Test
	void literalStarMatchesEverything() {
		NameFilters filters = parse("[{\"name\":\"*\",\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"}]");
		assertThat(filters.matches("orders")).isTrue();
		assertThat(filters.matches("x")).isTrue();
	}

	@Test
	void prefixedMatchesNamesStartingWithThePrefix() {
		NameFilters filters = parse("[{\"name\":\"orders.\",\"patternType\":\"PREFIXED\",\"filterType\":\"INCLUDE\"}]");
		assertThat(filters.matches("orders.eu")).isTrue();
		assertThat(filters.matches("orders.")).isTrue();
		assertThat(filters.matches("orders")).isFalse();
		assertThat(filters.matches("payments.orders.eu")).isFalse();
	}

	@Test
	void excludeWinsOverInclude() {
		NameFilters filters = parse("[{\"name\":\"*\",\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"},"
				+ "{\"name\":\"orders.private\",\"patternType\":\"PREFIXED\",\"filterType\":\"EXCLUDE\"},"
				+ "{\"name\":\"orders.private.audit\",\"patternType\":\"LITERAL\",\"filterType\":\"INCLUDE\"}]");
		assertThat(filters.matches("orders.eu")).isTrue();
		assertThat(filters.matches("orders.private.x")).isFalse();
		assertThat(filters.matches("orders.private.audit")).as("a later INCLUDE does not undo an EXCLUDE").isFalse();
	}

	@Test
	void excludeAloneSelectsNothing() {
		NameFilters filters = parse("[{\"name\":\"tmp\",\"patternType\":\"PREFIXED\",\"filterType\":\"EXCLUDE\"}]");
		assertThat(filters.matches("orders")).isFalse();
	}

	@Test
	void patternAndFilterTypeDefaultToLiteralInclude() {
		NameFilters filters = parse("[{\"name\":\"orders\"}]");
		assertThat(filters.filters())
			.containsExactly(new NameFilter("orders", PatternType.LITERAL, FilterType.INCLUDE));
	}

	@Test
	void valuesAreCaseInsensitive() {
		NameFilters filters = parse("[{\"name\":\"o\",\"patternType\":\"prefixed\",\"filterType\":\"include\"}]");
		assertThat(filters.matches("orders")).isTrue();
	}

	@Test
	void groupFiltersUseTheirOwnProperty() {
		NameFilters filters = FilterJson.parseNameFilters(
				"{\"groupFilters\":[{\"name\":\"app-\",\"patternType\":\"PREFIXED\",\"filterType\":\"INCLUDE\"}]}",
				FilterJson.GROUP_FILTERS);
		assertThat(filters.matches("app-billing")).isTrue();
		assertThatThrownBy(
				() -> FilterJson.parseNameFilters("{\"topicFilters\":[{\"name\":\"x\"}]}", FilterJson.GROUP_FILTERS))
			.isInstanceOf(InvalidFilterException.class)
			.hasMessageContaining("groupFilters");
	}

	@Test
	void errorsNameThePathOfTheProblem() {
		assertThatThrownBy(() -> parse("[{\"name\":\"o\",\"patternType\":\"REGEX\"}]"))
			.hasMessage("topicFilters[0].patternType must be LITERAL or PREFIXED");
		assertThatThrownBy(() -> parse("[{\"name\":\"o\"},{\"filterType\":\"INCLUDE\"}]"))
			.hasMessage("topicFilters[1].name must be a non-empty string");
		assertThatThrownBy(() -> parse("[{\"name\":\"o\",\"color\":\"red\"}]"))
			.hasMessageStartingWith("topicFilters[0] has unknown property \"color\"");
		assertThatThrownBy(() -> FilterJson.parseNameFilters("{not json", FilterJson.TOPIC_FILTERS))
			.hasMessageContaining("not valid JSON");
		assertThatThrownBy(() -> FilterJson.parseNameFilters("{\"topicFilters\":{}}", FilterJson.TOPIC_FILTERS))
			.hasMessageContaining("array property \"topicFilters\"");
	}

	private static NameFilters parse(String array) {
		return FilterJson.parseNameFilters("{\"topicFilters\":" + array + "}", FilterJson.TOPIC_FILTERS);
	}

}
