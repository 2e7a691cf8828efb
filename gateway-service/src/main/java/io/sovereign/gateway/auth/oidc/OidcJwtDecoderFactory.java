package io.sovereign.gateway.auth.oidc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the gateway's JWT decoder for one issuer. Nothing is fetched here: the gateway starts while
 * Keycloak is down, and {@link OidcReadiness} reports when the keys have arrived.
 */
public final class OidcJwtDecoderFactory {

    /** Counter of JWKS fetches, tagged {@code result=success|failure}. */
    public static final String REFRESH_METRIC = "gateway.auth.jwks.refreshes";

    private static final Logger log = LoggerFactory.getLogger(OidcJwtDecoderFactory.class);

    private OidcJwtDecoderFactory() {}

    public static OidcJwtDecoder create(OidcSettings settings, MeterRegistry registry) {
        return create(settings, registry, Clock.systemUTC());
    }

    /** As {@link #create(OidcSettings, MeterRegistry)}, with the clock that expiry and the rate limit use. */
    public static OidcJwtDecoder create(OidcSettings settings, MeterRegistry registry, Clock clock) {
        JwksEndpoint endpoint = new JwksEndpoint(settings.issuerUri(), settings.jwksUri(), settings.jwksTimeout());
        Counter successes = refreshCounter(registry, "success");
        Counter failures = refreshCounter(registry, "failure");
        String issuer = settings.issuerUri();
        JwksCache.Listener listener = (success, keyCount, failure) -> {
            if (success) {
                successes.increment();
                log.info("fetched {} signing keys of issuer {}", keyCount, issuer);
            } else {
                failures.increment();
                log.warn(
                        "could not fetch the signing keys of issuer {} from {}: {}",
                        issuer,
                        endpoint.location(),
                        failure);
            }
        };
        JwksCache cache = new JwksCache(
                endpoint,
                endpoint.location(),
                settings.jwksMinRefreshInterval(),
                settings.jwksCacheTtl(),
                clock,
                listener);
        ClaimsValidator claims = new ClaimsValidator(issuer, settings.audience(), settings.clockSkew(), clock);
        return new OidcJwtDecoder(cache, settings.jwsAlgorithms(), claims);
    }

    private static Counter refreshCounter(MeterRegistry registry, String result) {
        return Counter.builder(REFRESH_METRIC)
                .description("Fetches of the OIDC issuer's signing keys (JWKS)")
                .tag("result", result)
                .register(registry);
    }
}
