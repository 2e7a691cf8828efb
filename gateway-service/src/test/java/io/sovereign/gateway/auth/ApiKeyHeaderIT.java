package io.sovereign.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.OpenAiStub;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Anthropic clients send the gateway key as {@code x-api-key}: the same keys file and rules as the bearer header,
 * never forwarded, and a request with two different credentials is refused. Real keys, a real gateway, HTTP stubs.
 */
class ApiKeyHeaderIT {

    static OpenAiStub onprem;
    static OpenAiStub hosted;
    static GatewayHarness gateway;

    static final String HELLO =
            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Name three rivers.\"}]}";

    @BeforeAll
    static void start() {
        onprem = OpenAiStub.start("onprem");
        hosted = OpenAiStub.start("hosted");
        gateway = GatewayHarness.builder().onprem(onprem).hosted(hosted).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        onprem.close();
        hosted.close();
    }

    @BeforeEach
    void clear() {
        onprem.reset();
        hosted.reset();
    }

    static HttpResponse<String> chat(String bearer, String apiKey, String requestId) {
        HttpRequest.Builder b = gateway.request("/v1/chat/completions", bearer)
                .header("Content-Type", "application/json")
                .header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(HELLO));
        if (apiKey != null) {
            b.header("x-api-key", apiKey);
        }
        return gateway.send(b.build());
    }

    static JsonNode error(HttpResponse<String> r) {
        return OpenAiStub.JSON.readTree(r.body()).get("error");
    }

    @Test
    void xApiKeyAuthenticatesAsTheBearerHeaderDoes() {
        HttpResponse<String> viaHeader = chat(null, GatewayHarness.BOB_KEY, "xkey-1");
        assertThat(viaHeader.statusCode()).as(viaHeader.body()).isEqualTo(200);
        HttpResponse<String> viaBearer = chat(GatewayHarness.BOB_KEY, null, "xkey-2");
        assertThat(viaBearer.statusCode()).as(viaBearer.body()).isEqualTo(200);
        // the same principal: bob of team legal, audited alike
        JsonNode a = auditLine(l -> "xkey-1".equals(l.path("client_request_id").asString()));
        JsonNode b = auditLine(l -> "xkey-2".equals(l.path("client_request_id").asString()));
        for (JsonNode line : List.of(a, b)) {
            assertThat(line.get("user").asString()).isEqualTo("bob");
            assertThat(line.get("team").asString()).isEqualTo("legal");
            assertThat(line.get("auth").asString()).isEqualTo("api_key");
        }
    }

    @Test
    void theCallersKeyNeverReachesATarget() {
        assertThat(chat(null, GatewayHarness.ALICE_KEY, "xkey-3").statusCode()).isEqualTo(200);
        List<OpenAiStub.Received> sent = new java.util.ArrayList<>(hosted.received());
        sent.addAll(onprem.received());
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).header("x-api-key")).isNull();
        assertThat(sent.get(0).headers().toString()).doesNotContain(GatewayHarness.ALICE_KEY);
    }

    @Test
    void bothHeadersWithTheSameKeyAreFine() {
        HttpResponse<String> r = chat(GatewayHarness.ALICE_KEY, GatewayHarness.ALICE_KEY, "xkey-4");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void twoDifferentKeysAreA401NamingNeither() {
        HttpResponse<String> r = chat(GatewayHarness.ALICE_KEY, GatewayHarness.BOB_KEY, "xkey-5");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(error(r).get("code").asString()).isEqualTo("invalid_api_key");
        assertThat(error(r).get("message").asString()).contains("two different credentials");
        assertThat(r.body()).doesNotContain(GatewayHarness.ALICE_KEY, GatewayHarness.BOB_KEY);
        assertThat(r.headers().firstValue("www-authenticate"))
                .contains("Bearer realm=\"gateway\", error=\"invalid_request\"");
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        assertThat(hosted.received()).isEmpty();
        assertThat(onprem.received()).isEmpty();
        // refused calls are audited with their reason, without the keys
        JsonNode line =
                auditLine(l -> "xkey-5".equals(l.path("client_request_id").asString()));
        assertThat(line.get("status").asInt()).isEqualTo(401);
        assertThat(line.get("error").asString()).isEqualTo("invalid_api_key");
        assertThat(line.toString()).doesNotContain(GatewayHarness.ALICE_KEY, GatewayHarness.BOB_KEY);
    }

    @Test
    void anUnknownOrRevokedKeyInXApiKeyIsA401() {
        HttpResponse<String> r = chat(null, "sk-not-a-key", "xkey-6");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(error(r).get("message").asString()).contains("Incorrect API key provided");
        assertThat(r.headers().firstValue("www-authenticate"))
                .contains("Bearer realm=\"gateway\", error=\"invalid_token\"");
        assertThat(r.body()).doesNotContain("sk-not-a-key");
    }

    @Test
    void theUserRoleIsRequiredWhicheverHeaderCarriesTheKey() {
        HttpResponse<String> r = chat(null, GatewayHarness.NO_ROLE_KEY, "xkey-7");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(error(r).get("code").asString()).isEqualTo("missing_role");
        assertThat(error(r).get("type").asString()).isEqualTo("permission_error");
        assertThat(error(r).get("message").asString()).contains("lack the role 'gateway-user'");
        assertThat(r.headers().firstValue("www-authenticate"))
                .contains("Bearer realm=\"gateway\", error=\"insufficient_scope\"");
        assertThat(hosted.received()).isEmpty();
    }

    @Test
    void unroutedApiPathsAreAuthenticatedFirst() {
        HttpResponse<String> models = gateway.send(gateway.request("/v1/models", null)
                .header("x-api-key", GatewayHarness.ALICE_KEY)
                .GET()
                .build());
        assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
        assertThat(gateway.get("/v1/models", null).statusCode()).isEqualTo(401);
        assertThat(gateway.get("/v1/no-such-thing", null).statusCode()).isEqualTo(401);
        assertThat(gateway.get("/v1/no-such-thing", GatewayHarness.NO_ROLE_KEY).statusCode())
                .isEqualTo(403);
        assertThat(gateway.get("/v1/no-such-thing", GatewayHarness.ALICE_KEY).statusCode())
                .isEqualTo(404);
    }

    @Test
    void refusalsAreCountedInTheRequestMetrics() {
        chat(null, "sk-not-a-key", "xkey-8");
        // RECORD counts a request when its exchange completes, which may be just after the caller has the answer
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(gateway.metrics()
                                .lines()
                                .filter(l -> l.startsWith("gateway_requests_total{") && l.contains("status=\"401\"")))
                        .isNotEmpty());
    }

    @Test
    void adminEndpointsStillTakeTheirRolesFromTheBearerHeader() {
        assertThat(gateway.get("/admin/spend", GatewayHarness.FINANCE_KEY).statusCode())
                .isEqualTo(200);
        assertThat(gateway.get("/admin/spend", GatewayHarness.ALICE_KEY).statusCode())
                .isEqualTo(403);
        HttpResponse<String> none = gateway.get("/admin/spend", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate"))
                .contains("Bearer realm=\"gateway\", error=\"invalid_request\"");
        assertThat(gateway.get("/livez", null).statusCode()).isEqualTo(200);
    }

    static JsonNode auditLine(Predicate<JsonNode> which) {
        Path file = gateway.dir().resolve("audit.jsonl");
        JsonNode[] found = new JsonNode[1];
        // the audit appender is asynchronous
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!Files.exists(file)) {
                        return false;
                    }
                    found[0] = Files.readAllLines(file).stream()
                            .map(OpenAiStub.JSON::readTree)
                            .filter(which)
                            .findFirst()
                            .orElse(null);
                    return found[0] != null;
                });
        return found[0];
    }
}
