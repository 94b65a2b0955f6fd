package dev.clusterlink.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines of the stack's JVMs: the java of the JVM running the stack, and flags
 * every JVM of the suite sets.
 *
 * @param java the java executable
 * @param classpath the classpath of the Kafka brokers: this module's classes and
 * dependencies as the build resolved them
 */
public record JavaCommand(String java, String classpath) {

	/** Every JVM of the suite refuses Kafka config providers (CVE-2024-31141). */
	static final String NO_CONFIG_PROVIDERS = "-Dorg.apache.kafka.automatic.config.providers=none";

	/**
	 * The java running this JVM and the classpath the build wrote for this module
	 * ({@code local-stack/target/stack-classpath.txt}).
	 */
	public static JavaCommand of(Path root) {
		Path module = root.resolve("local-stack");
		Path list = module.resolve("target").resolve("stack-classpath.txt");
		if (!Files.isRegularFile(list)) {
			throw new StackException(list + " is missing: build first (./mvnw -DskipTests package)");
		}
		try {
			String dependencies = Files.readString(list).trim();
			String classpath = module.resolve("target").resolve("classes") + File.pathSeparator + dependencies;
			String java = ProcessHandle.current().info().command().orElse("java");
			return new JavaCommand(java, classpath);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	List<String> classpathCommand(List<String> jvmOptions, String mainClass, List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(this.java);
		command.addAll(jvmOptions);
		command.add(NO_CONFIG_PROVIDERS);
		command.add("-Dlogback.configurationFile=broker-logback.xml");
		command.add("-cp");
		command.add(this.classpath);
		command.add(mainClass);
		command.addAll(arguments);
		return command;
	}

	List<String> jarCommand(List<String> jvmOptions, Path jar) {
		List<String> command = new ArrayList<>();
		command.add(this.java);
		command.addAll(jvmOptions);
		command.add(NO_CONFIG_PROVIDERS);
		command.add("-jar");
		command.add(jar.toString());
		return command;
	}

}
