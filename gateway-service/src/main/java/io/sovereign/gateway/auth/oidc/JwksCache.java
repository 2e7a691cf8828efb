package io.sovereign.gateway.auth.oidc;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The issuer's signing keys, fetched lazily and kept. A token whose key is cached never waits on the network.
 * A token naming an unknown {@code kid} fetches the keys at once, so a key rotation is picked up by the first
 * token signed with the new key; the same unknown kid fetches again at most once per {@code minRefreshInterval},
 * and all unknown kids together at most once per {@link #UNKNOWN_KID_FLOOR} (forged kids cannot hammer Keycloak).
 * Keys older than {@code ttl} are refreshed in the background; a failed fetch keeps the keys already known.
 * Concurrent callers share one fetch in flight.
 */
public final class JwksCache {

    /** Told about every fetch; used for metrics and logs. */
    public interface Listener {
        void fetched(boolean success, int keyCount, String failure);
    }

    /** While no keys were ever fetched, a failed fetch is retried at most this often by token traffic. */
    static final Duration COLD_RETRY_INTERVAL = Duration.ofSeconds(1);

    /** However many distinct unknown kids arrive, at most one fetch they trigger per this interval. */
    static final Duration UNKNOWN_KID_FLOOR = Duration.ofSeconds(1);

    /** Unknown kids remembered for their own rate limit; beyond this the oldest is forgotten (the floor still holds). */
    static final int MAX_TRACKED_KIDS = 1024;

    private record Snapshot(JWKSet keys, Instant fetchedAt) {}

    private final Supplier<CompletableFuture<JWKSet>> fetcher;
    private final String location;
    private final Duration minRefreshInterval;
    private final Duration ttl;
    private final Clock clock;
    private final Listener listener;

    private volatile Snapshot snapshot;
    private volatile String lastFailure;
    private Instant lastAttempt;
    private CompletableFuture<JWKSet> inFlight;
    /** Unknown kid -> when it last triggered a fetch (access order, bounded). Guarded by this. */
    private final java.util.LinkedHashMap<String, Instant> unknownKids =
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Instant> eldest) {
                    return size() > MAX_TRACKED_KIDS;
                }
            };

    JwksCache(
            Supplier<CompletableFuture<JWKSet>> fetcher,
            String location,
            Duration minRefreshInterval,
            Duration ttl,
            Clock clock,
            Listener listener) {
        this.fetcher = fetcher;
        this.location = location;
        this.minRefreshInterval = minRefreshInterval;
        this.ttl = ttl;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * The cached keys that may have signed a token with this header (matching {@code kid}, key type, use and
     * algorithm); empty when none is known and a refresh is not allowed yet or found none either.
     * Completes exceptionally with {@link JwksUnavailableException} when a needed fetch failed.
     */
    public CompletableFuture<List<JWK>> keysFor(JWSHeader header) {
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(header));
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current == null) {
            return coldFetch(now).thenApply(selector::select);
        }
        if (!ttl.isZero() && !now.isBefore(current.fetchedAt().plus(ttl)) && refreshAllowed(now, minRefreshInterval)) {
            startFetch(now); // background: this token is still checked against the keys we have
        }
        List<JWK> known = selector.select(current.keys());
        if (!known.isEmpty()) {
            return CompletableFuture.completedFuture(known);
        }
        CompletableFuture<JWKSet> fetch = fetchForUnknownKid(header.getKeyID() == null ? "" : header.getKeyID(), now);
        if (fetch == null) {
            return CompletableFuture.completedFuture(known);
        }
        return unavailableOnFailure(fetch).thenApply(selector::select);
    }

    /** The fetch this unknown kid may trigger or join, or null when its own limit or the global floor says no. */
    private synchronized CompletableFuture<JWKSet> fetchForUnknownKid(String kid, Instant now) {
        if (inFlight != null) {
            return inFlight;
        }
        Instant kidLast = unknownKids.get(kid);
        if (kidLast != null && now.isBefore(kidLast.plus(minRefreshInterval))) {
            return null;
        }
        if (!refreshAllowed(
                now, UNKNOWN_KID_FLOOR.compareTo(minRefreshInterval) < 0 ? UNKNOWN_KID_FLOOR : minRefreshInterval)) {
            return null; // kid not marked: once the floor has passed, the next token with it fetches
        }
        unknownKids.put(kid, now);
        return startFetch(now);
    }

    /** Fetch now unless a fetch is already running (then join it); for readiness, ignores the rate limit. */
    public CompletableFuture<JWKSet> load() {
        return startFetch(clock.instant());
    }

    public boolean loaded() {
        return snapshot != null;
    }

    public int keyCount() {
        Snapshot current = snapshot;
        return current == null ? 0 : current.keys().size();
    }

    public Optional<Instant> lastSuccess() {
        Snapshot current = snapshot;
        return current == null ? Optional.empty() : Optional.of(current.fetchedAt());
    }

    /** Why the last fetch failed, or empty if it succeeded (or none ran yet). */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** Where the keys come from (the JWKS URL, or the discovery document that names it). */
    public String location() {
        return location;
    }

    private CompletableFuture<JWKSet> coldFetch(Instant now) {
        synchronized (this) {
            if (inFlight == null && lastAttempt != null && now.isBefore(lastAttempt.plus(COLD_RETRY_INTERVAL))) {
                return CompletableFuture.failedFuture(unavailable(lastFailure, null));
            }
        }
        return unavailableOnFailure(startFetch(now));
    }

    private synchronized boolean refreshAllowed(Instant now, Duration interval) {
        return inFlight != null || lastAttempt == null || !now.isBefore(lastAttempt.plus(interval));
    }

    private synchronized CompletableFuture<JWKSet> startFetch(Instant now) {
        if (inFlight != null) {
            return inFlight;
        }
        CompletableFuture<JWKSet> result = new CompletableFuture<>();
        inFlight = result;
        lastAttempt = now;
        CompletableFuture<JWKSet> fetch;
        try {
            fetch = fetcher.get();
        } catch (RuntimeException e) {
            fetch = CompletableFuture.failedFuture(e);
        }
        fetch.whenComplete((keys, error) -> finish(result, keys, error));
        return result;
    }

    private void finish(CompletableFuture<JWKSet> result, JWKSet keys, Throwable error) {
        if (error == null) {
            snapshot = new Snapshot(keys, clock.instant());
            lastFailure = null;
        } else {
            lastFailure = describe(error);
        }
        synchronized (this) {
            inFlight = null;
        }
        if (error == null) {
            listener.fetched(true, keys.size(), null);
            result.complete(keys);
        } else {
            listener.fetched(false, 0, lastFailure);
            result.completeExceptionally(unwrap(error));
        }
    }

    private CompletableFuture<JWKSet> unavailableOnFailure(CompletableFuture<JWKSet> fetch) {
        return fetch.handle((keys, error) -> {
            if (error != null) {
                throw unavailable(describe(error), unwrap(error));
            }
            return keys;
        });
    }

    private JwksUnavailableException unavailable(String reason, Throwable cause) {
        return new JwksUnavailableException(
                "the issuer's signing keys could not be fetched from " + location
                        + (reason == null ? "" : ": " + reason),
                cause);
    }

    /** One line for logs and health: what went wrong, without a stack trace. */
    static String describe(Throwable error) {
        Throwable root = unwrap(error);
        String firstMessage = null;
        for (Throwable t = root; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpTimeoutException) {
                return "no answer in time (" + t.getMessage() + ")";
            }
            if (t instanceof ConnectException) {
                return "connection refused or host unreachable";
            }
            if (firstMessage == null && t.getMessage() != null) {
                firstMessage = t.getMessage();
            }
        }
        return firstMessage == null ? root.getClass().getSimpleName() : firstMessage;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
