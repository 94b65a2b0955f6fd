package dev.clusterlink.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One measured figure and, where it has one, the ceiling it is compared with: both
 * measured in the same run on the same machine.
 *
 * @param phase the part of the benchmark (ceiling, catch-up, steady state, scale)
 * @param name what was measured
 * @param value the value
 * @param unit its unit
 * @param ceilingName the ceiling it is compared with, or null
 * @param ceiling the ceiling's value in the same unit, or null
 * @param target the target as text ({@code ≥ 0.9× copy loop}), or null
 * @param met whether the target is met, or null without a target
 */
public record Figure(String phase, String name, double value, String unit, String ceilingName, Double ceiling,
		String target, Boolean met) {

	/** A figure without ceiling or target. */
	static Figure of(String phase, String name, double value, String unit) {
		return new Figure(phase, name, value, unit, null, null, null, null);
	}

	/** A figure compared with a ceiling. */
	static Figure against(String phase, String name, double value, String unit, String ceilingName, double ceiling) {
		return new Figure(phase, name, value, unit, ceilingName, ceiling, null, null);
	}

	/** The same figure with a target it meets or misses. */
	Figure withTarget(String target, boolean met) {
		return new Figure(this.phase, this.name, this.value, this.unit, this.ceilingName, this.ceiling, target, met);
	}

	/**
	 * The figure as a fraction of its ceiling ({@code value / ceiling}), or null; in the
	 * JSON beside the components.
	 */
	@JsonProperty("ratio")
	public Double ratio() {
		if (this.ceiling == null || this.ceiling == 0) {
			return null;
		}
		return this.value / this.ceiling;
	}

}
