package dev.clusterlink.kafka;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;

/**
 * The allow-list for Kafka client properties that operators register with a cluster
 * (reliability.md §4.4). Client configs are an attack surface: class names load code,
 * config providers read files and environment variables (CVE-2024-31141), JNDI/LDAP login
 * modules run remote code (CVE-2023-25194), OAuth URLs reach arbitrary endpoints
 * (CVE-2025-27817). Only the keys below are accepted; JAAS configs may use only the
 * Plain, Scram and OAuthBearer login modules.
 */
public final class ClientPropertyPolicy {

	/**
	 * Keys whose values are secrets: encrypted at rest, returned as {@value #HIDDEN},
	 * never logged.
	 */
	private static final Set<String> SECRET_KEYS = Set.of("sasl.jaas.config", "ssl.keystore.password",
			"ssl.key.password", "ssl.truststore.password", "ssl.keystore.key",
			"sasl.oauthbearer.client.credentials.client.secret", "sasl.oauthbearer.assertion.private.key.passphrase");

	private static final Set<String> PLAIN_KEYS = Set.of("security.protocol", "sasl.mechanism",
			"sasl.kerberos.service.name", "sasl.login.connect.timeout.ms", "sasl.login.read.timeout.ms",
			"sasl.login.refresh.buffer.seconds", "sasl.login.refresh.min.period.seconds",
			"sasl.login.refresh.window.factor", "sasl.login.refresh.window.jitter", "sasl.login.retry.backoff.ms",
			"sasl.login.retry.backoff.max.ms", "sasl.oauthbearer.token.endpoint.url",
			"sasl.oauthbearer.jwks.endpoint.url", "sasl.oauthbearer.scope.claim.name",
			"sasl.oauthbearer.sub.claim.name", "sasl.oauthbearer.expected.audience", "sasl.oauthbearer.expected.issuer",
			"sasl.oauthbearer.client.credentials.client.id", "sasl.oauthbearer.scope", "ssl.protocol",
			"ssl.enabled.protocols", "ssl.cipher.suites", "ssl.endpoint.identification.algorithm", "ssl.keystore.type",
			"ssl.keystore.location", "ssl.keystore.certificate.chain", "ssl.truststore.type", "ssl.truststore.location",
			"ssl.truststore.certificates", "ssl.keymanager.algorithm", "ssl.trustmanager.algorithm",
			"ssl.secure.random.implementation", "client.dns.lookup", "request.timeout.ms", "default.api.timeout.ms",
			"connections.max.idle.ms", "reconnect.backoff.ms", "reconnect.backoff.max.ms", "retry.backoff.ms",
			"retry.backoff.max.ms", "socket.connection.setup.timeout.ms", "socket.connection.setup.timeout.max.ms",
			"metadata.max.age.ms", "send.buffer.bytes", "receive.buffer.bytes", "client.rack");

	private static final Set<String> LOGIN_MODULES = Set.of("org.apache.kafka.common.security.plain.PlainLoginModule",
			"org.apache.kafka.common.security.scram.ScramLoginModule",
			"org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule");

	private static final Set<String> SECURITY_PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

	private static final Set<String> SASL_MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER");

	/** What a secret value looks like in every response. */
	public static final String HIDDEN = "[hidden]";

	private ClientPropertyPolicy() {
	}

	/** Every accepted key, sorted (for error messages and documentation). */
	public static List<String> allowedKeys() {
		TreeSet<String> all = new TreeSet<>(PLAIN_KEYS);
		all.addAll(SECRET_KEYS);
		return List.copyOf(all);
	}

	/**
	 * Whether a key holds a secret.
	 * @param key a client property key
	 * @return true for passwords, keys and JAAS configs
	 */
	public static boolean isSecret(String key) {
		String lower = key.toLowerCase(Locale.ROOT);
		return SECRET_KEYS.contains(key) || lower.contains("password") || lower.contains("secret")
				|| lower.endsWith(".key");
	}

	/**
	 * Checks client properties against the allow-list.
	 * @param properties the properties to register with a cluster
	 * @throws InvalidClientPropertyException naming the first refused key
	 */
	public static void check(Map<String, String> properties) {
		for (Map.Entry<String, String> entry : properties.entrySet()) {
			check(entry.getKey(), entry.getValue());
		}
	}

	private static void check(String key, String value) {
		String shownKey = key.replaceAll("[^A-Za-z0-9._-]", "?");
		if (value == null) {
			throw new InvalidClientPropertyException(shownKey, "must have a value");
		}
		if (key.equals("bootstrap.servers")) {
			throw new InvalidClientPropertyException(shownKey, "set bootstrapServers instead");
		}
		if (loadsCode(key)) {
			throw new InvalidClientPropertyException(shownKey,
					"refused: properties that name classes, config providers, interceptors or callback handlers let a request run code or read files");
		}
		if (!PLAIN_KEYS.contains(key) && !SECRET_KEYS.contains(key)) {
			throw new InvalidClientPropertyException(shownKey,
					"not an allowed client property; allowed: " + String.join(", ", allowedKeys()));
		}
		switch (key) {
			case "security.protocol" -> requireOneOf(shownKey, value.toUpperCase(Locale.ROOT), SECURITY_PROTOCOLS);
			case "sasl.mechanism" -> requireOneOf(shownKey, value.toUpperCase(Locale.ROOT), SASL_MECHANISMS);
			case "sasl.jaas.config" -> checkJaas(value);
			// host name verification stays on: "" would accept any certificate the CA
			// signed
			case "ssl.endpoint.identification.algorithm" ->
				requireOneOf(shownKey, value.toLowerCase(Locale.ROOT), Set.of("https"));
			case "sasl.oauthbearer.token.endpoint.url", "sasl.oauthbearer.jwks.endpoint.url" ->
				checkHttpUrl(key, value);
			default -> {
			}
		}
	}

	private static boolean loadsCode(String key) {
		String lower = key.toLowerCase(Locale.ROOT);
		return lower.endsWith(".class") || lower.endsWith(".classes") || lower.contains("config.providers")
				|| lower.contains("interceptor") || lower.contains("callback.handler");
	}

	private static void requireOneOf(String key, String value, Set<String> allowed) {
		if (!allowed.contains(value)) {
			throw new InvalidClientPropertyException(key,
					"must be one of " + String.join(", ", new TreeSet<>(allowed)));
		}
	}

	/**
	 * Parses a JAAS config with Kafka's own parser and allows only Plain, Scram and
	 * OAuthBearer login modules. Parser messages are not passed on: they may quote parts
	 * of the secret.
	 */
	private static void checkJaas(String value) {
		List<AppConfigurationEntry> entries;
		try {
			entries = JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(value)))
				.configurationEntries();
		}
		catch (RuntimeException ex) {
			throw new InvalidClientPropertyException("sasl.jaas.config",
					"is not a valid JAAS configuration (expected '<LoginModule> required key=\"value\" ...;')");
		}
		if (entries == null || entries.isEmpty()) {
			throw new InvalidClientPropertyException("sasl.jaas.config", "holds no login module");
		}
		for (AppConfigurationEntry entry : entries) {
			if (!LOGIN_MODULES.contains(entry.getLoginModuleName())) {
				throw new InvalidClientPropertyException("sasl.jaas.config",
						"login module not allowed; allowed: " + String.join(", ", new TreeSet<>(LOGIN_MODULES)));
			}
		}
	}

	private static void checkHttpUrl(String key, String value) {
		try {
			URI uri = new URI(value);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
				return;
			}
		}
		catch (URISyntaxException ex) {
			// reported below
		}
		throw new InvalidClientPropertyException(key, "must be an http(s) URL of the identity provider");
	}

}
