package dev.clusterlink.testsupport;

import java.lang.reflect.Field;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Shuts the shared test resources down in order when a test run ends: first the Spring
 * application contexts that use them (their clients would otherwise wait on brokers that
 * are going away), then the Kafka brokers, then the test database. JVM shutdown hooks
 * stay as a fallback for runs that do not end through the JUnit launcher.
 */
public final class TestResourcesCleanup implements LauncherSessionListener {

	@Override
	public void launcherSessionClosed(LauncherSession session) {
		System.err.println("clusterlink test run ends: closing Spring contexts, brokers and the test database");
		closeSpringTestContexts();
		stopBrokers();
		TestPostgres.dropNow();
	}

	private static void stopBrokers() {
		try {
			Class.forName("org.springframework.kafka.test.EmbeddedKafkaKraftBroker");
		}
		catch (ClassNotFoundException ex) {
			return; // a module without spring-kafka-test starts no broker in the test JVM
		}
		TestKafka.stopAll();
	}

	private static void closeSpringTestContexts() {
		try {
			Class<?> delegate = Class
				.forName("org.springframework.test.context.cache.DefaultCacheAwareContextLoaderDelegate");
			Field field = delegate.getDeclaredField("defaultContextCache");
			field.setAccessible(true);
			Object cache = field.get(null);
			cache.getClass().getMethod("clear").invoke(cache);
		}
		catch (ClassNotFoundException ex) {
			// no Spring tests in this run
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			System.err.println("closing the Spring test contexts failed: " + ex);
		}
	}

}
