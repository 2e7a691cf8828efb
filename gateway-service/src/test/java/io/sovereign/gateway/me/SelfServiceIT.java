package io.sovereign.gateway.me;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.OpenAiStub;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/me} with API keys, through a running gateway on the shipped policy (60 requests a minute per
 * user, 200,000 tokens a minute per team, $500 per team and $50 per user a month): the figures agree with the
 * {@code x-ratelimit-*} headers of the caller's requests, with the spend API and with the decision record.
 */
class SelfServiceIT {

    static final String MIA_KEY = "sk-test-mia-self-service";
    static final String HELLO =
            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a joke.\"}]}";

    static OpenAiStub onprem;
    static OpenAiStub hosted;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        onprem = OpenAiStub.start("onprem");
        hosted = OpenAiStub.start("hosted");
        gateway = GatewayHarness.builder()
                .onprem(onprem)
                .hosted(hosted)
                .key(MIA_KEY, "mia", "self-service")
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        onprem.close();
        hosted.close();
    }

    static JsonNode me(String key) {
        HttpResponse<String> r = gateway.get("/v1/me", key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return OpenAiStub.JSON.readTree(r.body());
    }

    static JsonNode quota(JsonNode me, String kind) {
        for (JsonNode q : me.path("quotas")) {
            if (q.path("kind").asString().equals(kind)) {
                return q;
            }
        }
        throw new AssertionError("no " + kind + " quota in " + me);
    }

    static JsonNode budget(JsonNode me, String scope) {
        for (JsonNode b : me.path("budgets")) {
            if (b.path("scope").asString().equals(scope)) {
                return b;
            }
        }
        throw new AssertionError("no " + scope + " budget in " + me);
    }

    static long header(HttpResponse<String> r, String name) {
        return Long.parseLong(r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no header " + name)));
    }

    @Test
    void saysWhoTheCallerIsAndWhichModelsTheyMayUse() {
        JsonNode alice = me(GatewayHarness.ALICE_KEY);
        assertThat(alice.path("user").asString()).isEqualTo("alice");
        assertThat(alice.path("team").asString()).isEqualTo("engineering");
        assertThat(alice.path("roles").toString()).isEqualTo("[\"gateway-user\"]");
        assertThat(alice.path("auth").asString()).isEqualTo("api_key");
        assertThat(alice.path("models").path("chat").toString()).contains("\"auto\"", "\"gpt-oss-20b\"", "\"o3-mini\"");
        assertThat(alice.path("models").path("embeddings").isArray()).isTrue();
        JsonNode carol = me(GatewayHarness.ADMIN_KEY);
        assertThat(carol.path("roles").toString()).isEqualTo("[\"gateway-admin\",\"gateway-user\"]");
        assertThat(gateway.get("/v1/me", null).statusCode()).isEqualTo(401);
        HttpResponse<String> noRole = gateway.get("/v1/me", GatewayHarness.NO_ROLE_KEY);
        assertThat(noRole.statusCode()).isEqualTo(403);
        assertThat(noRole.body()).contains("missing_role", "gateway-user");
    }

    @Test
    void quotasAndBudgetsAgreeWithTheHeadersTheSpendApiAndTheDecision() {
        JsonNode before = me(MIA_KEY);
        JsonNode requests = quota(before, "requests");
        JsonNode tokens = quota(before, "tokens");
        assertThat(requests.path("scope").asString()).isEqualTo("user");
        assertThat(requests.path("limit").asLong()).isEqualTo(60);
        assertThat(requests.path("remaining").asLong()).isEqualTo(60);
        assertThat(requests.path("reset_seconds").asLong()).isZero();
        assertThat(tokens.path("scope").asString()).isEqualTo("team");
        assertThat(tokens.path("name").asString()).isEqualTo("self-service");
        assertThat(tokens.path("limit").asLong()).isEqualTo(200_000);
        assertThat(tokens.path("remaining").asLong()).isEqualTo(200_000);
        JsonNode team = budget(before, "team");
        assertThat(team.path("name").asString()).isEqualTo("self-service");
        assertThat(team.path("limit_micro_usd").asLong()).isEqualTo(500_000_000L);
        assertThat(team.path("spent_micro_usd").asLong()).isZero();
        assertThat(team.path("remaining_micro_usd").asLong()).isEqualTo(500_000_000L);
        assertThat(team.path("on_exhausted").asString()).isEqualTo("downgrade-to-onprem");
        assertThat(team.path("soft_at").asDouble()).isEqualTo(0.8);
        assertThat(team.path("resets_at").asString())
                .isEqualTo(YearMonth.now(ZoneOffset.UTC)
                        .plusMonths(1)
                        .atDay(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                        .toString());
        JsonNode user = budget(before, "user");
        assertThat(user.path("name").asString()).isEqualTo("mia");
        assertThat(user.path("limit_micro_usd").asLong()).isEqualTo(50_000_000L);
        assertThat(user.path("on_exhausted").asString()).isEqualTo("deny");

        HttpResponse<String> chat = gateway.post("/v1/chat/completions", MIA_KEY, HELLO);
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        assertThat(header(chat, "x-ratelimit-limit-requests")).isEqualTo(60);
        assertThat(header(chat, "x-ratelimit-remaining-requests")).isEqualTo(59);
        assertThat(header(chat, "x-ratelimit-limit-tokens")).isEqualTo(200_000);
        JsonNode usage = OpenAiStub.JSON.readTree(chat.body()).path("usage");
        long used = usage.path("prompt_tokens").asLong()
                + usage.path("completion_tokens").asLong();
        // the header counts the estimate taken before the call; once settled the bucket holds the actual usage
        assertThat(header(chat, "x-ratelimit-remaining-tokens")).isLessThanOrEqualTo(200_000 - used);
        JsonNode after = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> me(MIA_KEY),
                        m -> budget(m, "user").path("spent_micro_usd").asLong() > 0
                                && quota(m, "tokens").path("remaining").asLong() == 200_000 - used);
        assertThat(quota(after, "requests").path("remaining").asLong())
                .isEqualTo(header(chat, "x-ratelimit-remaining-requests"));
        assertThat(quota(after, "requests").path("reset_seconds").asLong()).isBetween(1L, 60L);

        // /v1/me takes nothing, and sends the same figures as its own x-ratelimit-* headers
        HttpResponse<String> again = gateway.get("/v1/me", MIA_KEY);
        JsonNode body = OpenAiStub.JSON.readTree(again.body());
        assertThat(header(again, "x-ratelimit-remaining-requests"))
                .isEqualTo(59)
                .isEqualTo(quota(body, "requests").path("remaining").asLong());
        assertThat(header(again, "x-ratelimit-limit-requests")).isEqualTo(60);
        assertThat(header(again, "x-ratelimit-remaining-tokens"))
                .isEqualTo(quota(body, "tokens").path("remaining").asLong());
        assertThat(header(again, "x-ratelimit-limit-tokens")).isEqualTo(200_000);
        assertThat(again.headers().firstValue("x-ratelimit-reset-requests"))
                .contains(quota(body, "requests").path("reset").asString());

        long spent = budget(after, "user").path("spent_micro_usd").asLong();
        assertThat(budget(after, "team").path("spent_micro_usd").asLong()).isEqualTo(spent);
        assertThat(budget(after, "user").path("reserved_micro_usd").asLong()).isZero();
        assertThat(budget(after, "user").path("remaining_micro_usd").asLong()).isEqualTo(50_000_000L - spent);
        HttpResponse<String> ledger = gateway.get("/admin/spend", GatewayHarness.FINANCE_KEY);
        assertThat(OpenAiStub.JSON
                        .readTree(ledger.body())
                        .path("users")
                        .path("mia")
                        .path("spent_micro_usd")
                        .asLong())
                .isEqualTo(spent);
        String id = chat.headers().firstValue("x-request-id").orElseThrow();
        HttpResponse<String> decision = gateway.get("/v1/me/decisions/" + id, MIA_KEY);
        assertThat(OpenAiStub.JSON
                        .readTree(decision.body())
                        .path("cost_micro_usd")
                        .asLong())
                .isEqualTo(spent);
    }
}
