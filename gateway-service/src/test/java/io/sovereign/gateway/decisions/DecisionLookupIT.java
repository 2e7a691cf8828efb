package io.sovereign.gateway.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Decision lookup through running gateways: two replicas on one real redis-server answer each other's requests,
 * an employee sees only their own (anyone else's is a 404 like an unknown id), and the record is the audit line's.
 */
class DecisionLookupIT {

    static RedisServerProcess redis;
    static OpenAiStub onprem;
    static OpenAiStub hosted;
    static GatewayHarness a;
    static GatewayHarness b;

    static final String HELLO =
            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a joke.\"}]}";
    static final String SENSITIVE =
            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Write to jane.doe@acme-corp.com about it.\"}]}";

    @BeforeAll
    static void start() {
        redis = RedisServerProcess.start();
        onprem = OpenAiStub.start("onprem");
        hosted = OpenAiStub.start("hosted");
        a = replica();
        b = replica();
    }

    private static GatewayHarness replica() {
        return GatewayHarness.builder()
                .onprem(onprem)
                .hosted(hosted)
                .property("gateway.store.type", "redis")
                .property("spring.data.redis.url", redis.url())
                .start();
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        onprem.close();
        hosted.close();
        redis.close();
    }

    static JsonNode json(HttpResponse<String> r) {
        return OpenAiStub.JSON.readTree(r.body());
    }

    /** The record is written when the exchange completes, just after the caller has the answer. */
    static HttpResponse<String> awaitFound(GatewayHarness g, String path, String key) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> g.get(path, key), r -> r.statusCode() != 404);
    }

    @Test
    void aRequestServedByOneReplicaIsLookedUpOnTheOther() throws Exception {
        HttpResponse<String> chat = a.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO);
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        String id = chat.headers().firstValue("x-request-id").orElseThrow();

        HttpResponse<String> r = awaitFound(b, "/admin/decisions/" + id, GatewayHarness.ADMIN_KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode d = json(r);
        assertThat(d.path("request_id").asString()).isEqualTo(id);
        assertThat(d.path("principal").path("user").asString()).isEqualTo("alice");
        assertThat(d.path("principal").path("team").asString()).isEqualTo("engineering");
        assertThat(d.path("rule").asString())
                .isEqualTo(chat.headers().firstValue("x-gateway-rule").orElseThrow());
        assertThat(d.path("target").asString())
                .isEqualTo("hosted")
                .isEqualTo(chat.headers().firstValue("x-gateway-target").orElseThrow());
        assertThat(d.path("level").asString())
                .isEqualTo(chat.headers().firstValue("x-gateway-level").orElseThrow());
        assertThat(d.path("policy_revision").asString())
                .isEqualTo(
                        chat.headers().firstValue("x-gateway-policy-revision").orElseThrow());
        assertThat(d.path("action").asString()).isEqualTo("route");
        assertThat(d.path("status").asInt()).isEqualTo(200);
        assertThat(d.path("endpoint").asString()).isEqualTo("chat.completions");
        JsonNode usage = json(chat).path("usage");
        assertThat(d.path("input_tokens").asLong())
                .isEqualTo(usage.path("prompt_tokens").asLong());
        assertThat(d.path("output_tokens").asLong())
                .isEqualTo(usage.path("completion_tokens").asLong());
        assertThat(d.path("cost_micro_usd").asLong()).isPositive();
        assertThat(d.path("latency_ms").asDouble()).isPositive();
        assertThat(d.path("fallback_used").asBoolean()).isFalse();
        assertThat(d.path("detectors").isObject()).isTrue();
        assertThat(r.body()).doesNotContain("joke");

        // the same facts as the audit line written for it (in-process replicas share one logback context, so the
        // line is in whichever replica's file logback was last configured with)
        JsonNode line = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            JsonNode l = auditLine(a.dir().resolve("audit.jsonl"), id);
                            return l != null ? l : auditLine(b.dir().resolve("audit.jsonl"), id);
                        },
                        l -> l != null);
        for (String field :
                new String[] {"rule", "action", "level", "target", "model", "policy_revision", "endpoint"}) {
            assertThat(d.path(field).asString())
                    .as(field)
                    .isEqualTo(line.path(field).asString());
        }
        assertThat(d.path("cost_micro_usd").asLong())
                .isEqualTo(line.path("cost_micro_usd").asLong());
        assertThat(d.path("latency_ms").asDouble())
                .isEqualTo(line.path("latency_ms").asDouble());

        // the employee reads their own on either replica, the same record
        HttpResponse<String> mine = a.get("/v1/me/decisions/" + id, GatewayHarness.ALICE_KEY);
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
        assertThat(json(mine)).isEqualTo(d);
    }

    static JsonNode auditLine(Path audit, String id) throws Exception {
        if (!Files.exists(audit)) {
            return null;
        }
        return Files.readAllLines(audit).stream()
                .filter(l -> l.contains(id))
                .findFirst()
                .map(OpenAiStub.JSON::readTree)
                .orElse(null);
    }

    @Test
    void aSensitiveRequestShowsItsDetectorsAndTheOnPremTarget() {
        HttpResponse<String> chat = b.post("/v1/chat/completions", GatewayHarness.BOB_KEY, SENSITIVE);
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        String id = chat.headers().firstValue("x-request-id").orElseThrow();
        HttpResponse<String> r = awaitFound(a, "/v1/me/decisions/" + id, GatewayHarness.BOB_KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode d = json(r);
        assertThat(d.path("level").asString()).isEqualTo("confidential");
        assertThat(d.path("target").asString()).isEqualTo("onprem");
        assertThat(d.path("detectors").path("email").asInt()).isPositive();
        assertThat(r.body()).doesNotContain("jane.doe");
    }

    @Test
    void someoneElsesDecisionIsA404LikeAnUnknownOne() {
        HttpResponse<String> chat = a.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO);
        String id = chat.headers().firstValue("x-request-id").orElseThrow();
        awaitFound(b, "/v1/me/decisions/" + id, GatewayHarness.ALICE_KEY);

        HttpResponse<String> bobs = b.get("/v1/me/decisions/" + id, GatewayHarness.BOB_KEY);
        assertThat(bobs.statusCode()).isEqualTo(404);
        String unknownId = UUID.randomUUID().toString();
        HttpResponse<String> unknown = b.get("/v1/me/decisions/" + unknownId, GatewayHarness.BOB_KEY);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(bobs).path("error").path("code").asString()).isEqualTo("decision_not_found");
        assertThat(json(bobs).path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(bobs.body().replace(id, "ID")).isEqualTo(unknown.body().replace(unknownId, "ID"));
        assertThat(bobs.body()).doesNotContain("alice");
    }

    @Test
    void onlyAdminsUseTheAdminLookupAndBadIdsAreA400() {
        HttpResponse<String> user = a.get("/admin/decisions/" + UUID.randomUUID(), GatewayHarness.ALICE_KEY);
        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(json(user).path("error").path("code").asString()).isEqualTo("missing_role");
        assertThat(user.body()).contains("gateway-admin");
        assertThat(a.get("/admin/decisions/" + UUID.randomUUID(), null).statusCode())
                .isEqualTo(401);
        assertThat(a.get("/v1/me/decisions/" + UUID.randomUUID(), null).statusCode())
                .isEqualTo(401);

        HttpResponse<String> bad = a.get("/admin/decisions/not_an_id", GatewayHarness.ADMIN_KEY);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error").path("param").asString()).isEqualTo("request_id");
        HttpResponse<String> unknown = a.get("/admin/decisions/" + UUID.randomUUID(), GatewayHarness.ADMIN_KEY);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("decision_not_found", "10000");
    }
}
