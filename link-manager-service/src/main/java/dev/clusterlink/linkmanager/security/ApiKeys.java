package dev.clusterlink.linkmanager.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.linkmanager.audit.AuditLog;
import dev.clusterlink.linkmanager.web.ApiException;
import dev.clusterlink.linkmanager.web.PageResponse;
import dev.clusterlink.linkmanager.web.Paging;
import dev.clusterlink.linkmanager.web.ProblemType;
import dev.clusterlink.linkmanager.web.RequestContext;
import dev.clusterlink.security.ApiKeyFormat;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The API keys: creation (the key is returned once), listing, revocation and the check of
 * a presented key.
 * <p>
 * A key is stored as a PBKDF2-HMAC-SHA256 hash (310,000 iterations, salted), which costs
 * a fraction of a second of CPU. That price is paid once per key and process: a verified
 * key is remembered as its SHA-256 digest next to the stored hash, and later requests
 * compare digests in constant time. The row is still read on every request (by its key
 * id), so a revocation on any replica takes effect at once. The last use is written at
 * most once a minute per key, in batches.
 */
@Service
public class ApiKeys {

	private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

	static final String BOOTSTRAP_NAME = "bootstrap-admin";

	private static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

	private static final int MAX_VERIFIED = 10_000;

	static final int MAX_FAILURES_PER_MINUTE = 10;

	private final ApiKeyRepository keys;

	private final AuditLog audit;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final PasswordEncoder encoder = new DelegatingPasswordEncoder("pbkdf2@SpringSecurity_v5_8",
			Map.of("pbkdf2@SpringSecurity_v5_8", Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8()));

	/** At most two slow hash checks at a time: guessed keys must not take every core. */
	private final Semaphore slowChecks = new Semaphore(2);

	private final Map<String, Verified> verified = new ConcurrentHashMap<>();

	private final Map<String, Instant> lastUses = new ConcurrentHashMap<>();

	private final Map<String, Failures> failures = new ConcurrentHashMap<>();

	ApiKeys(ApiKeyRepository keys, AuditLog audit, JdbcTemplate jdbc, Clock clock) {
		this.keys = keys;
		this.audit = audit;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	private record Verified(byte[] digest, String secretHash) {
	}

	/**
	 * The principal of a presented key; empty when the key is malformed (no store
	 * access), unknown, revoked or wrong. The reason is never told to the caller.
	 */
	Optional<ClusterlinkPrincipal> authenticate(String presented) {
		Optional<ApiKeyFormat> parsed = ApiKeyFormat.parse(presented);
		if (parsed.isEmpty()) {
			return Optional.empty();
		}
		ApiKeyFormat key = parsed.get();
		ApiKeyEntity row = this.keys.findByKeyId(key.keyId()).orElse(null);
		if (row == null || row.revoked() || !matches(key, row)) {
			return Optional.empty();
		}
		touch(row);
		return Optional.of(principalOf(row));
	}

	private boolean matches(ApiKeyFormat key, ApiKeyEntity row) {
		byte[] digest = sha256(key.value());
		Verified known = this.verified.get(key.keyId());
		if (known != null && known.secretHash().equals(row.secretHash())) {
			return MessageDigest.isEqual(known.digest(), digest);
		}
		if (!mayTrySlowly(key.keyId())) {
			return false;
		}
		try {
			if (!this.slowChecks.tryAcquire(5, TimeUnit.SECONDS)) {
				return false;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		try {
			if (!this.encoder.matches(key.value(), row.secretHash())) {
				countFailure(key.keyId());
				return false;
			}
		}
		finally {
			this.slowChecks.release();
		}
		if (this.verified.size() >= MAX_VERIFIED) {
			this.verified.clear();
		}
		this.verified.put(key.keyId(), new Verified(digest, row.secretHash()));
		return true;
	}

	/**
	 * Key ids are public, so anyone may present a real one with a guessed secret: after
	 * {@value #MAX_FAILURES_PER_MINUTE} wrong secrets within a minute, further ones for
	 * that key id are refused without hashing until the minute is over. The key itself,
	 * once verified in this process, still gets in (the digest check comes first).
	 */
	private boolean mayTrySlowly(String keyId) {
		Failures failures = this.failures.get(keyId);
		return failures == null || failures.count() < MAX_FAILURES_PER_MINUTE
				|| failures.since().isBefore(this.clock.instant().minus(LAST_USE_RESOLUTION));
	}

	private void countFailure(String keyId) {
		if (this.failures.size() >= MAX_VERIFIED) {
			this.failures.clear();
		}
		Instant now = this.clock.instant();
		this.failures.compute(keyId,
				(id, previous) -> (previous == null || previous.since().isBefore(now.minus(LAST_USE_RESOLUTION)))
						? new Failures(now, 1) : new Failures(previous.since(), previous.count() + 1));
	}

	private record Failures(Instant since, int count) {
	}

	private void touch(ApiKeyEntity row) {
		Instant now = this.clock.instant();
		Instant last = row.lastUsedAt();
		if (last == null || last.isBefore(now.minus(LAST_USE_RESOLUTION))) {
			this.lastUses.merge(row.keyId(), now, (a, b) -> a.isAfter(b) ? a : b);
		}
	}

	/**
	 * Writes the pending last-use times: at most one write per key and minute, never one
	 * per request; safe with several replicas (the later time wins).
	 */
	@Scheduled(fixedDelay = 30_000, initialDelay = 30_000)
	@PreDestroy
	public void flushLastUses() {
		List<Object[]> batch = new ArrayList<>();
		for (String keyId : new ArrayList<>(this.lastUses.keySet())) {
			Instant at = this.lastUses.remove(keyId);
			if (at != null) {
				batch.add(new Object[] { java.sql.Timestamp.from(at), keyId });
			}
		}
		if (batch.isEmpty()) {
			return;
		}
		try {
			this.jdbc.batchUpdate("update api_keys set last_used_at = greatest(coalesce(last_used_at, "
					+ "'-infinity'::timestamptz), ?) where key_id = ?", batch);
		}
		catch (RuntimeException ex) {
			log.warn("flushLastUses: {} keys not updated: {}", batch.size(), ex.getClass().getSimpleName());
		}
	}

	/** Creates a key; the response is the only place the key ever appears. */
	@Transactional
	public CreatedApiKeyResponse create(ApiKeyRequest request) {
		lockKeys();
		if (this.keys.findByNameAndRevokedAtIsNull(request.name()).isPresent()) {
			throw new ApiException(ProblemType.API_KEY_EXISTS, "an API key named '" + request.name() + "' exists")
				.with("field", "name");
		}
		List<String> links = (request.links() != null) ? List.copyOf(new java.util.TreeSet<>(request.links())) : null;
		ApiKeyFormat key = ApiKeyFormat.generate();
		ApiKeyEntity saved = store(key, request.name(), Role.of(request.role()), links,
				RequestContext.current().actor());
		return new CreatedApiKeyResponse(saved.name(), saved.keyId(), saved.role().value(), saved.links(),
				saved.toResponse().createdAt(), key.value());
	}

	private ApiKeyEntity store(ApiKeyFormat key, String name, Role role, @Nullable List<String> links, String by) {
		ApiKeyEntity saved = this.keys.saveAndFlush(new ApiKeyEntity(key.keyId(), name, role, links,
				this.encoder.encode(key.value()), this.clock.instant(), by));
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("keyId", saved.keyId());
		details.put("role", role.value());
		if (links != null) {
			details.put("links", links);
		}
		this.audit.record("apikey.create", "apikey", name, saved.id(), saved.version(), details);
		return saved;
	}

	/**
	 * A page of the keys that are not revoked, by name; paged in the query.
	 * @param page page number, from 0
	 * @param size page size, from 1 (clamped to {@link PageResponse#MAX_SIZE})
	 * @return the page
	 */
	@Transactional(readOnly = true)
	public PageResponse<ApiKeyResponse> list(int page, int size) {
		return PageResponse.of(this.keys.findAllByRevokedAtIsNull(Paging.request(page, size, Sort.by("name", "id"))),
				ApiKeyEntity::toResponse);
	}

	@Transactional(readOnly = true)
	public ApiKeyResponse get(String name) {
		return active(name).toResponse();
	}

	/**
	 * Revokes a key: its next request gets 401. The last admin key that may see every
	 * link cannot be revoked (nobody could manage the API any more).
	 */
	@Transactional
	public void revoke(String name) {
		lockKeys();
		ApiKeyEntity key = active(name);
		if (key.role() == Role.ADMIN && key.links() == null
				&& this.keys.findAllByRoleAndLinksIsNullAndRevokedAtIsNull(Role.ADMIN.value()).size() <= 1) {
			throw new ApiException(ProblemType.LAST_ADMIN_KEY,
					"'" + name + "' is the last admin API key for every link; create another one first");
		}
		key.revoke(this.clock.instant(), RequestContext.current().actor());
		this.keys.saveAndFlush(key);
		this.verified.remove(key.keyId());
		this.audit.record("apikey.revoke", "apikey", name, key.id(), key.version(), Map.of("keyId", key.keyId()));
	}

	/**
	 * The first start: with no key in the store, stores the configured key or a generated
	 * one as the admin key {@code bootstrap-admin}. Replicas starting together serialise
	 * on an advisory lock, so only one of them creates it.
	 * @return the key when one was generated (to be shown once), else empty
	 */
	@Transactional
	Optional<ApiKeyFormat> bootstrap(@Nullable String configured) {
		Optional<ApiKeyFormat> given = Optional.empty();
		if (configured != null && !configured.isBlank()) {
			given = ApiKeyFormat.parse(configured);
			if (given.isEmpty()) {
				throw new IllegalStateException(ApiKeyFormat.BOOTSTRAP_VARIABLE
						+ " is not an API key (clk_<12 of a-z0-9>_<43 of base64url>); the value is not shown");
			}
		}
		lockKeys();
		if (this.keys.count() > 0) {
			if (given.isPresent()) {
				log.info("bootstrap: the store holds API keys; {} ignored", ApiKeyFormat.BOOTSTRAP_VARIABLE);
			}
			return Optional.empty();
		}
		ApiKeyFormat key = given.orElseGet(ApiKeyFormat::generate);
		store(key, BOOTSTRAP_NAME, Role.ADMIN, null, "system");
		return given.isPresent() ? Optional.empty() : Optional.of(key);
	}

	private void lockKeys() {
		this.jdbc.queryForList("select pg_advisory_xact_lock(hashtext('clusterlink.api-keys'))");
	}

	private ApiKeyEntity active(String name) {
		return this.keys.findByNameAndRevokedAtIsNull(name)
			.orElseThrow(() -> new ApiException(ProblemType.API_KEY_NOT_FOUND, "no API key named '" + name + "'")
				.with("apiKey", name));
	}

	private static ClusterlinkPrincipal principalOf(ApiKeyEntity row) {
		return new ClusterlinkPrincipal("apikey:" + row.name(), row.role(),
				(row.links() != null) ? new HashSet<>(row.links()) : null);
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
