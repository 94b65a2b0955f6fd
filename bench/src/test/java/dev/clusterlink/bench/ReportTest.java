package dev.clusterlink.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

	@Test
	void ratiosAreValueOverCeiling() {
		Figure catchUp = Figure.against("catch-up", "copy", 90, "MiB/s", "copy loop", 100);
		assertThat(catchUp.ratio()).isEqualTo(0.9);
		assertThat(Figure.of("scale", "heap", 200, "MiB").ratio()).isNull();
		assertThat(Figure.against("x", "y", 1, "u", "zero", 0).ratio()).isNull();
	}

	@Test
	void theTableShowsValueCeilingRatioAndTarget() {
		String table = Report.markdown(List.of(
				Figure.against("catch-up", "1 KiB copy", 95.25, "MiB/s", "copy loop", 100)
					.withTarget("≥ 0.9× copy loop", true),
				Figure.of("scale", "idle CPU", 0.0421, "cores").withTarget("< 0.05", false)));
		assertThat(table)
			.contains("| catch-up | 1 KiB copy | 95.3 MiB/s | copy loop: 100 MiB/s | 0.95× | ≥ 0.9× copy loop | yes |")
			.contains("| scale | idle CPU | 0.042 cores |  |  | < 0.05 | **no** |");
	}

	@Test
	void theJsonCarriesTheMachineAndEveryFigure() {
		String json = Report.json(Map.of("cores", 2),
				List.of(Figure.against("ceiling", "producer", 120, "MiB/s", "producer", 120)));
		assertThat(json).contains("\"cores\" : 2").contains("\"ratio\" : 1.0").contains("\"name\" : \"producer\"");
	}

	@Test
	void percentilesAreNearestRank() {
		Latencies latencies = new Latencies();
		for (int i = 1; i <= 100_000; i++) {
			latencies.add(i % 1000);
		}
		assertThat(latencies.count()).isEqualTo(100_000);
		assertThat(latencies.percentile(50)).isEqualTo(499);
		assertThat(latencies.percentile(99)).isEqualTo(989);
		assertThat(latencies.max()).isEqualTo(999);
		Latencies one = new Latencies();
		one.add(7);
		assertThat(one.percentile(99)).isEqualTo(7);
	}

}
