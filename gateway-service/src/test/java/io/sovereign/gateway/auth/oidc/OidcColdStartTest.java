package io.sovereign.gateway.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;

/** The gateway starting while the identity provider is unreachable: no crash, readiness DOWN with the reason. */
class OidcColdStartTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static String unreachableIssuer() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        return "http://127.0.0.1:" + port + "/realms/gateway";
    }

    private static String signedToken(String issuer) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        SignedJWT token = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder()
                        .issuer(issuer)
                        .audience("gateway")
                        .subject("alice")
                        .expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000))
                        .build());
        token.sign(new RSASSASigner(key));
        return token.serialize();
    }

    private double fetches(String result) {
        return registry.counter(OidcJwtDecoderFactory.REFRESH_METRIC, "result", result)
                .count();
    }

    @Test
    void decoderIsBuiltWithoutNetworkAndTokensAreRefusedAsKeysUnavailable() throws Exception {
        String issuer = unreachableIssuer();
        MutableClock clock = MutableClock.atSystemTime();
        OidcJwtDecoder decoder = OidcJwtDecoderFactory.create(OidcSettings.forIssuer(issuer), registry, clock);
        assertThat(fetches("success") + fetches("failure")).isZero();

        String token = signedToken(issuer);
        assertThatThrownBy(() -> decoder.decode(token).block(Duration.ofSeconds(10)))
                .isInstanceOf(JwksUnavailableException.class)
                .hasMessageContaining(issuer + "/.well-known/openid-configuration")
                .hasMessageContaining("connection refused");
        assertThat(fetches("failure")).isEqualTo(1.0);

        // straight after a failure, token traffic does not hammer the unreachable issuer
        assertThatThrownBy(() -> decoder.decode(token).block(Duration.ofSeconds(10)))
                .isInstanceOf(JwksUnavailableException.class);
        assertThat(fetches("failure")).isEqualTo(1.0);

        clock.advance(JwksCache.COLD_RETRY_INTERVAL);
        assertThatThrownBy(() -> decoder.decode(token).block(Duration.ofSeconds(10)))
                .isInstanceOf(JwksUnavailableException.class);
        assertThat(fetches("failure")).isEqualTo(2.0);
    }

    @Test
    void readinessIsDownWithAClearReasonAndKeepsRetrying() throws Exception {
        String issuer = unreachableIssuer();
        OidcJwtDecoder decoder = OidcJwtDecoderFactory.create(OidcSettings.forIssuer(issuer), registry);

        try (OidcReadiness readiness = new OidcReadiness(decoder.jwks(), Duration.ofMillis(100)).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> fetches("failure") >= 3);

            Health health = readiness.health().block();
            assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
            assertThat(health.getDetails().get("error").toString())
                    .startsWith("no signing keys fetched yet from " + issuer + "/.well-known/openid-configuration")
                    .contains("connection refused")
                    .endsWith("retrying every 100 ms");
            assertThat(readiness.ready()).isFalse();
        }
    }
}
