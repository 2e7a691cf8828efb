package io.sovereign.gateway.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The cache's timing policy with fetches the test completes by hand (the HTTP side is proven against a real
 * Keycloak in {@link OidcJwtDecoderIT}).
 */
class JwksCacheTest {

    private final List<CompletableFuture<JWKSet>> fetches = new ArrayList<>();
    private final List<Boolean> outcomes = new ArrayList<>();
    private final MutableClock clock = MutableClock.atSystemTime();
    private final JwksCache cache = new JwksCache(
            this::fetch,
            "https://idp.example.test/certs",
            Duration.ofSeconds(30),
            Duration.ofMinutes(5),
            clock,
            (success, keys, failure) -> outcomes.add(success));

    private CompletableFuture<JWKSet> fetch() {
        CompletableFuture<JWKSet> fetch = new CompletableFuture<>();
        fetches.add(fetch);
        return fetch;
    }

    private static RSAKey key(String kid) throws Exception {
        return new RSAKeyGenerator(2048)
                .keyID(kid)
                .keyUse(KeyUse.SIGNATURE)
                .generate()
                .toPublicJWK();
    }

    private static JWSHeader header(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build();
    }

    @Test
    void concurrentColdCallersShareOneFetch() throws Exception {
        CompletableFuture<List<JWK>> first = cache.keysFor(header("a"));
        CompletableFuture<List<JWK>> second = cache.keysFor(header("a"));
        assertThat(fetches).hasSize(1);

        fetches.get(0).complete(new JWKSet(key("a")));

        assertThat(first.get()).hasSize(1);
        assertThat(second.get()).hasSize(1);
    }

    @Test
    void staleKeysAreRefreshedInTheBackgroundAndKeptWhenTheRefreshFails() throws Exception {
        cache.load();
        fetches.get(0).complete(new JWKSet(key("a")));

        clock.advance(Duration.ofMinutes(5));
        CompletableFuture<List<JWK>> whileRefreshing = cache.keysFor(header("a"));

        assertThat(whileRefreshing).isCompleted(); // answered from the cache, not waiting for the refresh
        assertThat(whileRefreshing.get()).hasSize(1);
        assertThat(fetches).hasSize(2);

        fetches.get(1).completeExceptionally(new IllegalStateException("HTTP 503 from https://idp.example.test/certs"));

        assertThat(cache.keysFor(header("a")).get()).hasSize(1);
        assertThat(cache.lastFailure()).hasValue("HTTP 503 from https://idp.example.test/certs");
        assertThat(outcomes).containsExactly(true, false);
    }

    @Test
    void unknownKidWaitsForTheRefreshItTriggers() throws Exception {
        cache.load();
        fetches.get(0).complete(new JWKSet(key("a")));
        clock.advance(Duration.ofSeconds(30));

        CompletableFuture<List<JWK>> rotated = cache.keysFor(header("b"));
        assertThat(rotated).isNotDone();
        fetches.get(1).complete(new JWKSet(List.of(key("a"), key("b"))));

        assertThat(rotated.get()).hasSize(1);
        assertThat(cache.keyCount()).isEqualTo(2);
    }

    @Test
    void aNewKidFetchesAtOnceButTheSameUnknownKidOnlyOncePerInterval() throws Exception {
        cache.load();
        fetches.get(0).complete(new JWKSet(key("a")));
        clock.advance(Duration.ofSeconds(2)); // past the 1 s floor, far within the 30 s per-kid interval

        CompletableFuture<List<JWK>> rotated = cache.keysFor(header("b"));
        assertThat(fetches).hasSize(2);
        fetches.get(1).complete(new JWKSet(List.of(key("a"), key("b"))));
        assertThat(rotated.get()).hasSize(1);

        clock.advance(Duration.ofSeconds(2));
        CompletableFuture<List<JWK>> forged = cache.keysFor(header("forged"));
        assertThat(fetches).hasSize(3);
        fetches.get(2).complete(new JWKSet(List.of(key("a"), key("b"))));
        assertThat(forged.get()).isEmpty();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(5));
            assertThat(cache.keysFor(header("forged")).get(1, java.util.concurrent.TimeUnit.SECONDS))
                    .isEmpty();
        }
        assertThat(fetches).as("the same forged kid within 30 s").hasSize(3);
        clock.advance(Duration.ofSeconds(16));
        cache.keysFor(header("forged"));
        assertThat(fetches).as("after 30 s the kid may fetch again").hasSize(4);
    }

    @Test
    void manyDistinctUnknownKidsFetchAtMostOncePerFloor() throws Exception {
        cache.load();
        fetches.get(0).complete(new JWKSet(key("a")));
        clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 50; i++) {
            CompletableFuture<List<JWK>> r = cache.keysFor(header("forged-" + i));
            if (i == 0) {
                fetches.get(1).complete(new JWKSet(key("a")));
            }
            assertThat(r.get(1, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
        }
        assertThat(fetches).hasSize(2);
        clock.advance(JwksCache.UNKNOWN_KID_FLOOR);
        cache.keysFor(header("forged-0")); // limited by its own interval
        assertThat(fetches).hasSize(2);
        cache.keysFor(header("forged-1")); // was held off by the floor, not marked: may fetch now
        assertThat(fetches).hasSize(3);
    }
}
