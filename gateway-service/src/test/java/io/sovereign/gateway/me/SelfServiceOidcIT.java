package io.sovereign.gateway.me;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.KeycloakServer;
import io.sovereign.gateway.testsupport.OpenAiStub;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/me} for employees signed in with real Keycloak tokens: team from groups, roles from realm roles. */
class SelfServiceOidcIT {

    static KeycloakServer keycloak;
    static OpenAiStub onprem;
    static OpenAiStub hosted;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        keycloak = KeycloakServer.get();
        onprem = OpenAiStub.start("onprem");
        hosted = OpenAiStub.start("hosted");
        gateway = GatewayHarness.builder()
                .onprem(onprem)
                .hosted(hosted)
                .property("gateway.auth.oidc.issuer-uri", keycloak.issuerUri())
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        onprem.close();
        hosted.close();
    }

    static JsonNode me(String token) {
        HttpResponse<String> r = gateway.get("/v1/me", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return OpenAiStub.JSON.readTree(r.body());
    }

    @Test
    void employeesSeeTheirKeycloakIdentityWithOnlyTheGatewaysRoles() {
        JsonNode bob = me(keycloak.passwordToken("bob", "bob-password"));
        assertThat(bob.path("user").asString()).isEqualTo("bob");
        assertThat(bob.path("team").asString()).isEqualTo("legal");
        assertThat(bob.path("auth").asString()).isEqualTo("oidc");
        // Keycloak adds default-roles-gateway, offline_access...: not the gateway's, not shown
        assertThat(bob.path("roles").toString()).isEqualTo("[\"gateway-user\"]");
        JsonNode dave = me(keycloak.passwordToken("dave", "dave-password"));
        assertThat(dave.path("roles").toString()).isEqualTo("[\"gateway-finance\",\"gateway-user\"]");
        assertThat(SelfServiceIT.budget(dave, "team").path("name").asString()).isEqualTo("legal");
        assertThat(SelfServiceIT.budget(dave, "user").path("name").asString()).isEqualTo("dave");
        assertThat(gateway.get("/v1/me", keycloak.passwordToken("eve", "eve-password"))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void theFiguresMatchTheHeadersOfTheEmployeesLastRequest() {
        String token = keycloak.passwordToken("carol", "carol-password");
        HttpResponse<String> chat = gateway.post("/v1/chat/completions", token, SelfServiceIT.HELLO);
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        HttpResponse<String> r = gateway.get("/v1/me", token);
        JsonNode carol = OpenAiStub.JSON.readTree(r.body());
        assertThat(carol.path("roles").toString()).isEqualTo("[\"gateway-admin\",\"gateway-user\"]");
        JsonNode requests = SelfServiceIT.quota(carol, "requests");
        assertThat(requests.path("remaining").asLong())
                .isEqualTo(SelfServiceIT.header(chat, "x-ratelimit-remaining-requests"))
                .isEqualTo(SelfServiceIT.header(r, "x-ratelimit-remaining-requests"));
        assertThat(requests.path("limit").asLong()).isEqualTo(SelfServiceIT.header(chat, "x-ratelimit-limit-requests"));
        assertThat(SelfServiceIT.quota(carol, "tokens").path("limit").asLong())
                .isEqualTo(SelfServiceIT.header(chat, "x-ratelimit-limit-tokens"));
        // and her decision is hers to read, with the token as with a key
        String id = chat.headers().firstValue("x-request-id").orElseThrow();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> gateway.get("/v1/me/decisions/" + id, token).statusCode() == 200);
        assertThat(gateway.get("/v1/me/decisions/" + id, keycloak.passwordToken("bob", "bob-password"))
                        .statusCode())
                .isEqualTo(404);
    }
}
