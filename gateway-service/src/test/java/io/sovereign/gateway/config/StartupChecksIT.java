package io.sovereign.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.auth.ApiKeyStore;
import io.sovereign.gateway.auth.oidc.OidcSettings;
import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import io.sovereign.gateway.testsupport.WithRedis;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The real application refuses to start open or mis-set, and says what to set. */
class StartupChecksIT {

    static final String HELLO = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    /** Starts the gateway, expecting it to refuse; the innermost message (what the operator reads). */
    static String startFailure(GatewayHarness.Builder builder) {
        Throwable thrown = null;
        try {
            builder.start().close();
        } catch (RuntimeException e) {
            thrown = e;
        }
        assertThat(thrown).as("the gateway must refuse to start").isNotNull();
        while (thrown.getCause() != null && thrown.getCause() != thrown) {
            thrown = thrown.getCause();
        }
        return thrown.getMessage();
    }

    @Test
    void withoutKeysFileOidcOrDevModeItRefusesToStartAndSaysWhatToSet() {
        assertThat(startFailure(GatewayHarness.builder().withoutApiKeysFile()))
                .contains("gateway.auth.api-keys-file")
                .contains("gateway.auth.oidc.issuer-uri")
                .contains("gateway.dev-mode=true");
    }

    @Test
    void devModeIsOnlyByExplicitSettingAndMintsOneAllRolesKey() {
        try (GatewayHarness gateway = GatewayHarness.builder()
                .withoutApiKeysFile()
                .property("gateway.dev-mode", true)
                .start()) {
            assertThat(gateway.bean(ApiKeyStore.class).teams()).containsExactly("dev");
            // the harness's keys were not loaded: only the minted key (printed once, not known here) works
            HttpResponse<String> r = gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO);
            assertThat(r.statusCode()).isEqualTo(401);
        }
    }

    @Test
    @WithRedis
    void devModeRefusesASharedRedisStore(RedisServerProcess redis) {
        assertThat(startFailure(GatewayHarness.builder()
                        .withoutApiKeysFile()
                        .property("gateway.dev-mode", true)
                        .property("gateway.store.type", "redis")
                        .property("spring.data.redis.url", redis.url())))
                .contains("gateway.dev-mode=true cannot run with gateway.store.type=redis");
    }

    @Test
    void devModeRefusesAnOidcIssuer() {
        assertThat(startFailure(GatewayHarness.builder()
                        .withoutApiKeysFile()
                        .property("gateway.dev-mode", true)
                        .property("gateway.auth.oidc.issuer-uri", "http://127.0.0.1:9/realms/gateway")))
                .contains("gateway.dev-mode=true cannot run with gateway.auth.oidc.issuer-uri");
    }

    @Test
    void oidcAloneIsEnoughAndApiKeysAreThenRefused() {
        try (GatewayHarness gateway = GatewayHarness.builder()
                .withoutApiKeysFile()
                .property("gateway.auth.oidc.issuer-uri", "http://127.0.0.1:9/realms/gateway")
                .start()) {
            assertThat(gateway.bean(ApiKeyStore.class).teams()).isEmpty();
            assertThat(gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO)
                            .statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void aMistypedGatewaySettingIsAStartupErrorThatSuggestsTheRealName() {
        assertThat(startFailure(GatewayHarness.builder().property("gateway.auth.api-key-file", "/etc/keys.yaml")))
                .contains("unknown setting under gateway.*: gateway.auth.api-key-file")
                .contains("did you mean gateway.auth.api-keys-file?");
        assertThat(startFailure(GatewayHarness.builder().property("gateway.store.tpye", "redis")))
                .contains("gateway.store.tpye")
                .contains("did you mean gateway.store.type?");
    }

    @Test
    void theCircuitBreakerIsSetUnderGatewayUpstreamCircuit() {
        try (GatewayHarness gateway = GatewayHarness.builder()
                .property("gateway.upstream.circuit.window-calls", "6")
                .property("gateway.upstream.circuit.failure-rate-percent", "75")
                .property("gateway.upstream.circuit.open-for", "4s")
                .property("gateway.upstream.circuit.trial-calls", "2")
                .start()) {
            var config = gateway.bean(io.sovereign.gateway.upstream.TargetCircuits.class)
                    .of("onprem")
                    .getCircuitBreakerConfig();
            assertThat(config.getSlidingWindowSize()).isEqualTo(6);
            assertThat(config.getMinimumNumberOfCalls()).isEqualTo(3);
            assertThat(config.getFailureRateThreshold()).isEqualTo(75f);
            assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(2);
            assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(4000L);
        }
        assertThat(startFailure(
                        GatewayHarness.builder().property("gateway.upstream.circuit.failure-rate-percent", "0")))
                .contains("gateway.upstream.circuit.failure-rate-percent must be in (0, 100], got 0.0");
        assertThat(startFailure(GatewayHarness.builder().property("gateway.upstream.circuit.open-four", "4s")))
                .contains("gateway.upstream.circuit.open-four")
                .contains("did you mean gateway.upstream.circuit.open-for?");
    }

    @Test
    void theOidcSettingsKeycloakReadmeDocumentsAreBound() {
        try (GatewayHarness gateway = GatewayHarness.builder()
                .property("gateway.auth.oidc.issuer-uri", "http://127.0.0.1:9/realms/gateway")
                .property("gateway.auth.oidc.allowed-algorithms", "ES256,PS256")
                .property("gateway.auth.oidc.roles-claim-path", "resource_access.gateway.roles")
                .property("gateway.auth.oidc.jwks-cache-ttl", "2m")
                .property("gateway.auth.oidc.jwks-timeout", "1500ms")
                .property("gateway.auth.oidc.readiness-retry-interval", "750ms")
                .property("gateway.auth.oidc.jwks-min-refresh-interval", "10s")
                .start()) {
            OidcSettings s = gateway.bean(OidcSettings.class);
            assertThat(s.allowedAlgorithms()).containsExactly("ES256", "PS256");
            assertThat(s.rolesClaimPath()).isEqualTo("resource_access.gateway.roles");
            assertThat(s.jwksCacheTtl()).hasMinutes(2);
            assertThat(s.jwksTimeout()).hasMillis(1500);
            assertThat(s.readinessRetryInterval()).hasMillis(750);
            assertThat(s.jwksMinRefreshInterval()).hasSeconds(10);
        }
    }

    @Test
    void aSymmetricAlgorithmIsRefusedAtStartWithItsSettingName() {
        assertThat(startFailure(GatewayHarness.builder()
                        .property("gateway.auth.oidc.issuer-uri", "http://127.0.0.1:9/realms/gateway")
                        .property("gateway.auth.oidc.allowed-algorithms", "HS256")))
                .contains("gateway.auth.oidc.allowed-algorithms: 'HS256' is not allowed");
    }
}
