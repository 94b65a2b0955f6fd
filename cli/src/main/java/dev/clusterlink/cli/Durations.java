package dev.clusterlink.cli;

import java.time.Duration;
import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code 90s}, {@code 10m}, {@code 1h}, a number of seconds, or ISO-8601
 * ({@code PT5M}).
 */
class Durations implements ITypeConverter<Duration> {

	@Override
	public Duration convert(String value) {
		String v = value.strip().toLowerCase(Locale.ROOT);
		try {
			if (v.startsWith("pt") || v.startsWith("p")) {
				return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
			}
			if (v.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
			}
			long amount = Long.parseLong(v.replaceAll("[smh]$", ""));
			return switch (v.charAt(v.length() - 1)) {
				case 'm' -> Duration.ofMinutes(amount);
				case 'h' -> Duration.ofHours(amount);
				default -> Duration.ofSeconds(amount);
			};
		}
		catch (RuntimeException ex) {
			throw new TypeConversionException("'" + value + "' is not a duration (e.g. 90s, 10m, 1h)");
		}
	}

	static String human(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			return seconds + "s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + "m" + String.format("%02d", seconds % 60) + "s";
		}
		return (seconds / 3600) + "h" + String.format("%02d", (seconds % 3600) / 60) + "m";
	}

}
