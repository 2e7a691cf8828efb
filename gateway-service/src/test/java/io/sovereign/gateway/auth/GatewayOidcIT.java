package io.sovereign.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.ConfigureGateway;
import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.KeycloakServer;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Employees with real Keycloak tokens, through the running gateway: teams route, roles gate, bad tokens get clear 401s. */
@GatewayTest(policy = "legal-stays-home.yaml")
class GatewayOidcIT {

    static KeycloakServer keycloak;

    @Stub("onprem")
    static OpenAiStub onprem;

    @Stub("hosted")
    static OpenAiStub hosted;

    static GatewayHarness gateway;

    static final String HELLO =
            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a joke.\"}]}";

    @ConfigureGateway
    static void oidc(GatewayHarness.Builder gateway) {
        keycloak = KeycloakServer.get();
        try {
            keycloak.adminPost("/" + KeycloakServer.REALM + "/clients", """
                    {"clientId": "no-audience-app", "publicClient": true, "directAccessGrantsEnabled": true, "standardFlowEnabled": false}
                    """);
        } catch (RuntimeException alreadyThere) {
            // created by another test class of this run
        }
        gateway.property("gateway.auth.oidc.issuer-uri", keycloak.issuerUri());
    }

    @Test
    void employeesOfTwoTeamsAreToldApartAndRoutedByTheirTeam() {
        HttpResponse<String> alice =
                gateway.post("/v1/chat/completions", keycloak.passwordToken("alice", "alice-password"), HELLO);
        HttpResponse<String> bob =
                gateway.post("/v1/chat/completions", keycloak.passwordToken("bob", "bob-password"), HELLO);
        assertThat(alice.statusCode()).as(alice.body()).isEqualTo(200);
        assertThat(alice.headers().firstValue("x-gateway-target")).contains("hosted");
        assertThat(bob.statusCode()).as(bob.body()).isEqualTo(200);
        assertThat(bob.headers().firstValue("x-gateway-rule")).contains("legal-stays-home");
        assertThat(bob.headers().firstValue("x-gateway-target")).contains("onprem");
    }

    @Test
    void serviceClientCredentialsWork() {
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions",
                keycloak.clientCredentialsToken("reporting-service", "reporting-service-secret"),
                HELLO);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aUserWithoutTheGatewayRoleIsForbidden() {
        HttpResponse<String> r =
                gateway.post("/v1/chat/completions", keycloak.passwordToken("eve", "eve-password"), HELLO);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("\"code\":\"missing_role\"", "gateway-user");
    }

    @Test
    void badTokensAre401WithAReasonAndNoEcho() {
        String wrongAudience =
                keycloak.passwordToken(KeycloakServer.REALM, "no-audience-app", "alice", "alice-password");
        HttpResponse<String> r = gateway.post("/v1/chat/completions", wrongAudience, HELLO);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("audience").doesNotContain(wrongAudience.substring(0, 40));
        assertThat(r.headers().firstValue("www-authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));

        String token = keycloak.passwordToken("alice", "alice-password");
        String tampered =
                token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        HttpResponse<String> t = gateway.post("/v1/chat/completions", tampered, HELLO);
        assertThat(t.statusCode()).isEqualTo(401);
        assertThat(t.body()).contains("\"code\":\"invalid_token\"");
        // API keys keep working beside JWTs
        assertThat(gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aKeycloakTokenWorksInXApiKeyAsAnthropicClientsSendIt() {
        String bob = keycloak.passwordToken("bob", "bob-password");
        HttpResponse<String> r = gateway.send(gateway.request("/v1/chat/completions", null)
                .header("Content-Type", "application/json")
                .header("x-api-key", bob)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(HELLO))
                .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-rule")).contains("legal-stays-home");

        // a token beside a different API key: two credentials, refused whichever would have passed
        HttpResponse<String> both = gateway.send(gateway.request("/v1/chat/completions", bob)
                .header("Content-Type", "application/json")
                .header("x-api-key", GatewayHarness.ALICE_KEY)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(HELLO))
                .build());
        assertThat(both.statusCode()).isEqualTo(401);
        assertThat(both.body())
                .contains("two different credentials")
                .doesNotContain(bob.substring(0, 40), GatewayHarness.ALICE_KEY);

        // a user without the role is refused in x-api-key too
        HttpResponse<String> eve = gateway.send(gateway.request("/v1/chat/completions", null)
                .header("Content-Type", "application/json")
                .header("x-api-key", keycloak.passwordToken("eve", "eve-password"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(HELLO))
                .build());
        assertThat(eve.statusCode()).isEqualTo(403);
        assertThat(eve.body()).contains("\"code\":\"missing_role\"");
    }

    @Test
    void adminsMayExplainUsersMayNot() {
        String body = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(gateway.post("/admin/policy/explain", keycloak.passwordToken("carol", "carol-password"), body)
                        .statusCode())
                .isEqualTo(200);
        assertThat(gateway.post("/admin/policy/explain", keycloak.passwordToken("alice", "alice-password"), body)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void financeMayReadSpendUsersMayNot() {
        HttpResponse<String> dave = gateway.get("/admin/spend", keycloak.passwordToken("dave", "dave-password"));
        assertThat(dave.statusCode()).as(dave.body()).isEqualTo(200);
        assertThat(dave.body()).contains("\"teams\"");
        HttpResponse<String> alice = gateway.get("/admin/spend", keycloak.passwordToken("alice", "alice-password"));
        assertThat(alice.statusCode()).isEqualTo(403);
        assertThat(alice.body()).contains("gateway-finance");
    }

    @Test
    void aKeyRotationInKeycloakIsPickedUpWithinSeconds() {
        assertThat(gateway.post("/v1/chat/completions", keycloak.passwordToken("alice", "alice-password"), HELLO)
                        .statusCode())
                .isEqualTo(200);
        keycloak.rotateRsaKey(KeycloakServer.REALM);
        String rotated = keycloak.passwordToken("alice", "alice-password");
        long started = System.nanoTime();
        // the first token with the new kid may meet the 1 s floor right after another fetch; never the 30 s per-kid
        // limit
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .pollInterval(java.time.Duration.ofMillis(250))
                .until(() ->
                        gateway.post("/v1/chat/completions", rotated, HELLO).statusCode() == 200);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));
    }

    @Test
    void readinessIsUpOnceKeysAreFetched() {
        HttpResponse<String> r = gateway.get("/readyz", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
