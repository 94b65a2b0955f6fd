package dev.clusterlink.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Prometheus names the services really publish, found where they come from: the
 * meters the services' code builds with a literal name ({@code Counter.builder("…")},
 * {@code Gauge}, {@code Timer}, {@code MultiGauge}, …, named as Micrometer's Prometheus
 * registry names them: dots to underscores, the base unit, {@code _total},
 * {@code _seconds} and a timer's series), and the Kafka clients' own metrics as
 * {@link KafkaClientMetrics} publishes them for a real producer, consumer and admin.
 */
final class MetricNames {

	private static final Pattern BUILDER = Pattern
		.compile("\\b(Counter|FunctionCounter|Gauge|TimeGauge|MultiGauge|Timer|FunctionTimer|DistributionSummary)"
				+ "\\.builder\\(\\s*\"(clusterlink\\.[a-z0-9.]+)\"");

	private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\\s*\"([a-z]+)\"\\s*\\)");

	private MetricNames() {
	}

	/** Every {@code clusterlink_*} series name the services' code registers. */
	static Set<String> clusterlink() {
		Set<String> names = new TreeSet<>();
		for (String module : Repo.bootServiceModules()) {
			sources(module).forEach((source) -> names.addAll(namesIn(Repo.read(source))));
		}
		sources("link-runtime").forEach((source) -> names.addAll(namesIn(Repo.read(source))));
		return names;
	}

	static Set<String> namesIn(String source) {
		Set<String> names = new TreeSet<>();
		Matcher builder = BUILDER.matcher(source);
		while (builder.find()) {
			String type = builder.group(1);
			String base = builder.group(2).replace('.', '_');
			int end = source.indexOf(".register(", builder.end());
			Matcher unit = BASE_UNIT.matcher(source.substring(builder.end(), (end > 0) ? end : builder.end()));
			String withUnit = unit.find() ? base + "_" + unit.group(1) : base;
			switch (type) {
				case "Counter", "FunctionCounter" -> names.add(withUnit + "_total");
				case "Timer", "FunctionTimer", "TimeGauge" -> {
					String seconds = base + "_seconds";
					names.add(seconds);
					Stream.of("_count", "_sum", "_max", "_bucket").forEach((suffix) -> names.add(seconds + suffix));
				}
				case "DistributionSummary" ->
					Stream.of("_count", "_sum", "_max", "_bucket").forEach((suffix) -> names.add(withUnit + suffix));
				default -> names.add(withUnit);
			}
		}
		return names;
	}

	/**
	 * Every {@code kafka_*} series name of a producer, a consumer and an admin client.
	 */
	static Set<String> kafkaClients() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		try {
			HashMap<String, Object> config = new HashMap<>();
			config.put("bootstrap.servers", "127.0.0.1:9"); // nothing listens: no
															// connection needed
			config.put("client.id", "metric-names-producer");
			try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
					new ByteArraySerializer())) {
				config.put("client.id", "metric-names-consumer");
				try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
						new ByteArrayDeserializer())) {
					config.put("client.id", "metric-names-admin");
					try (Admin admin = Admin.create(config);
							KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
							KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
							KafkaClientMetrics adminMetrics = new KafkaClientMetrics((AdminClient) admin)) {
						producerMetrics.bindTo(registry);
						consumerMetrics.bindTo(registry);
						adminMetrics.bindTo(registry);
						Set<String> names = new TreeSet<>();
						registry.scrape()
							.lines()
							.filter((line) -> line.startsWith("kafka_"))
							.forEach((line) -> names.add(line.replaceAll("[{ ].*", "")));
						return names;
					}
				}
			}
		}
		finally {
			registry.close();
		}
	}

	private static Stream<Path> sources(String module) {
		Path root = Repo.path(module, "src", "main", "java");
		if (!Files.isDirectory(root)) {
			return Stream.empty();
		}
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter((file) -> file.toString().endsWith(".java")).toList().stream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
