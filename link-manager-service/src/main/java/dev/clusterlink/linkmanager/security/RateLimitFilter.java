package dev.clusterlink.linkmanager.security;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import dev.clusterlink.linkmanager.web.ProblemResponses;
import dev.clusterlink.linkmanager.web.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per principal (the key's or token's name; the client address for
 * anonymous callers): past it, 429 {@code rate-limited} with {@code Retry-After} in whole
 * seconds. In memory, per replica.
 */
class RateLimitFilter extends OncePerRequestFilter {

	private static final int MAX_PRINCIPALS = 10_000;

	private final double perNano;

	private final double burst;

	private final LongSupplier nanoTime;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	RateLimitFilter(SecuritySettings.RateLimit settings, LongSupplier nanoTime) {
		this.perNano = settings.requestsPerSecond() / 1e9;
		this.burst = Math.max(1, settings.burst());
		this.nanoTime = nanoTime;
	}

	private record Bucket(double tokens, long at) {
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long waitNanos = take(principalOf(request));
		if (waitNanos > 0) {
			long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
			ProblemResponses.write(request, response, ProblemType.RATE_LIMITED,
					"too many requests from this caller; retry after " + seconds + " s");
			return;
		}
		chain.doFilter(request, response);
	}

	/** Takes a token: 0 when there was one, else the nanoseconds until there is. */
	long take(String principal) {
		if (this.buckets.size() > MAX_PRINCIPALS) {
			this.buckets.clear();
		}
		long now = this.nanoTime.getAsLong();
		long[] wait = { 0 };
		this.buckets.compute(principal, (key, bucket) -> {
			double tokens = (bucket == null) ? this.burst
					: Math.min(this.burst, bucket.tokens() + (now - bucket.at()) * this.perNano);
			if (tokens >= 1) {
				return new Bucket(tokens - 1, now);
			}
			wait[0] = (long) Math.ceil((1 - tokens) / this.perNano);
			return new Bucket(tokens, now);
		});
		return wait[0];
	}

	private static String principalOf(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken)) {
			return "principal:" + authentication.getName();
		}
		return "address:" + request.getRemoteAddr();
	}

}
