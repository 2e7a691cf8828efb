package io.sovereign.gateway.auth.oidc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * Readiness of OIDC authentication: DOWN, saying where the keys should come from and why they did not, until
 * the issuer's JWKS has been fetched once; UP from then on (later outages are survived with cached keys and
 * show as {@code lastFailure}). {@link #start()} retries the first fetch in the background, so a gateway that
 * starts before Keycloak becomes ready by itself instead of crash-looping.
 */
public final class OidcReadiness implements ReactiveHealthIndicator, AutoCloseable {

    private final JwksCache jwks;
    private final Duration retryInterval;
    private final ScheduledExecutorService scheduler;

    public OidcReadiness(JwksCache jwks, Duration retryInterval) {
        this.jwks = jwks;
        this.retryInterval = retryInterval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "oidc-jwks-readiness");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts fetching the keys now and retries every {@code retryInterval} until the first success. */
    public OidcReadiness start() {
        scheduler.scheduleWithFixedDelay(this::attempt, 0, retryInterval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public boolean ready() {
        return jwks.loaded();
    }

    @Override
    public Mono<Health> health() {
        if (jwks.loaded()) {
            Health.Builder up = Health.up().withDetail("jwks", jwks.location()).withDetail("keys", jwks.keyCount());
            jwks.lastSuccess().ifPresent(at -> up.withDetail("lastRefresh", at.toString()));
            jwks.lastFailure().ifPresent(failure -> up.withDetail("lastFailure", failure));
            return Mono.just(up.build());
        }
        return Mono.just(Health.down()
                .withDetail("jwks", jwks.location())
                .withDetail("error", downMessage())
                .build());
    }

    /** Why OIDC is not ready, in one line. */
    public String downMessage() {
        return "no signing keys fetched yet from " + jwks.location()
                + jwks.lastFailure().map(f -> " (" + f + ")").orElse("")
                + "; JWT logins are refused until then; retrying every " + every();
    }

    private String every() {
        long millis = retryInterval.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private void attempt() {
        if (jwks.loaded()) {
            scheduler.shutdown();
            return;
        }
        try {
            jwks.load().get(Math.max(retryInterval.toMillis(), 1), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the cache recorded the reason; health() reports it
        }
        if (jwks.loaded()) {
            scheduler.shutdown();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
