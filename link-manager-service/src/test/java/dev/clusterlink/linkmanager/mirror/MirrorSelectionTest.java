package dev.clusterlink.linkmanager.mirror;

import java.util.List;

import dev.clusterlink.linkmanager.web.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MirrorSelectionTest {

	private static final List<String> EXISTING = List.of("orders-1", "orders-2", "orders.x", "payments");

	@Test
	void aGlobHasTwoWildcardsAndNothingElseIsSpecial() {
		assertThat(new MirrorSelection(null, "orders-*", null).resolve(EXISTING)).containsExactly("orders-1",
				"orders-2");
		assertThat(new MirrorSelection(null, "orders?x", null).resolve(EXISTING)).containsExactly("orders.x");
		assertThat(new MirrorSelection(null, "orders.*", null).resolve(EXISTING)).containsExactly("orders.x");
		assertThat(new MirrorSelection(null, "[a-z]*", null).resolve(EXISTING)).isEmpty();
		assertThat(new MirrorSelection(null, "*", null).resolve(EXISTING)).isEqualTo(EXISTING);
	}

	@Test
	void listedNamesKeepTheirOrderOnceEachAndMayNotExist() {
		assertThat(new MirrorSelection(List.of("payments", "nope", "payments"), null, null).resolve(EXISTING))
			.containsExactly("payments", "nope");
		assertThat(new MirrorSelection(null, null, true).resolve(EXISTING)).isEqualTo(EXISTING);
	}

	@Test
	void exactlyOneSelector() {
		assertThatThrownBy(() -> new MirrorSelection(null, null, false).resolve(EXISTING)).isInstanceOfSatisfying(
				ApiException.class, (e) -> assertThat(e.properties()).containsEntry("field", "mirrors"));
		assertThatThrownBy(() -> new MirrorSelection(List.of("a"), null, true).resolve(EXISTING))
			.isInstanceOfSatisfying(ApiException.class,
					(e) -> assertThat(e.properties()).containsEntry("field", "all"));
		assertThatThrownBy(() -> new MirrorSelection(null, " ", null).resolve(EXISTING)).isInstanceOfSatisfying(
				ApiException.class, (e) -> assertThat(e.properties()).containsEntry("field", "pattern"));
	}

}
