package dev.clusterlink.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** The results of a run as a Markdown table and as JSON. */
final class Report {

	private Report() {
	}

	static String markdown(List<Figure> figures) {
		StringBuilder table = new StringBuilder();
		table.append("| phase | figure | value | ceiling (same run) | ratio | target | met |\n");
		table.append("|---|---|---:|---|---:|---|---|\n");
		for (Figure figure : figures) {
			table.append("| ")
				.append(figure.phase())
				.append(" | ")
				.append(figure.name())
				.append(" | ")
				.append(number(figure.value()))
				.append(' ')
				.append(figure.unit())
				.append(" | ")
				.append((figure.ceilingName() != null)
						? figure.ceilingName() + ": " + number(figure.ceiling()) + " " + figure.unit() : "")
				.append(" | ")
				.append((figure.ratio() != null) ? String.format(Locale.ROOT, "%.2f×", figure.ratio()) : "")
				.append(" | ")
				.append((figure.target() != null) ? figure.target() : "")
				.append(" | ")
				.append((figure.met() == null) ? "" : (figure.met() ? "yes" : "**no**"))
				.append(" |\n");
		}
		return table.toString();
	}

	static String json(Map<String, Object> machine, List<Figure> figures) {
		return JsonMapper.builder()
			.build()
			.writerWithDefaultPrettyPrinter()
			.writeValueAsString(Map.of("machine", machine, "figures", figures));
	}

	/** A number with as many decimals as a reader needs. */
	static String number(double value) {
		double magnitude = Math.abs(value);
		if (magnitude >= 100 || value == Math.rint(value)) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (magnitude >= 1) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.3f", value);
	}

}
