package dev.clusterlink.linkmanager.link;

import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.model.Names;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkDirectionTest {

	@Test
	void directionsAreParsedAsTheApiSpellsThem() {
		assertThat(LinkDirection.parse(null)).isNull();
		assertThat(LinkDirection.parse(" ")).isNull();
		assertThat(LinkDirection.parse("forward")).isEqualTo(LinkDirection.FORWARD);
		assertThat(LinkDirection.parse("REVERSE")).isEqualTo(LinkDirection.REVERSE);
		assertThat(LinkDirection.REVERSE.wire()).isEqualTo("reverse");
		assertThat(LinkDirection.FORWARD.opposite()).isEqualTo(LinkDirection.REVERSE);
		assertThat(LinkDirection.REVERSE.opposite()).isEqualTo(LinkDirection.FORWARD);
		assertThatThrownBy(() -> LinkDirection.parse("sideways")).isInstanceOf(ApiException.class)
			.hasMessageContaining("direction");
	}

	@Test
	void aTwinNameIsNoUserName() {
		String longest = "a".repeat(100);
		assertThat(Names.resourceNameProblem(longest)).isNull();
		String twin = LinkDirection.twinName(longest);
		assertThat(Names.resourceNameProblem(twin)).isNotNull();
		// links.name is varchar(120) since V12
		assertThat(twin).hasSizeLessThanOrEqualTo(120);
	}

}
