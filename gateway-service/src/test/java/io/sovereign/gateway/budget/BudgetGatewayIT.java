package io.sovereign.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.quota.TokenCounter;
import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import io.sovereign.gateway.testsupport.WithRedis;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Money through the running gateway: two replicas on one real redis-server hold a team budget exactly under
 * 400 concurrent requests, the ledger matches the targets' reported usage to the micro-dollar, streams are
 * charged from their usage chunk (removed for callers who did not ask), and a caller who disconnects pays for
 * what was generated.
 */
@WithRedis(persistence = WithRedis.Persistence.AOF_ALWAYS)
class BudgetGatewayIT {

    static final String PROMPT = "Name three rivers in Europe.";
    static final long MAX_TOKENS = OpenAiStub.COMPLETION_TOKENS; // worst case == actual: no needless refusals
    static final long PRICE_PER_MILLION_USD = 100; // 100 micro-dollars per token in and out

    static RedisServerProcess redis;
    static OpenAiStub hosted;
    static OpenAiStub onprem;
    static GatewayHarness a;
    static GatewayHarness b;
    static long promptTokens;
    static long costPerRequest;
    static final int N = 50;
    static final int RPM = 20;
    static final String RPM_KEY = "sk-test-rpm-user";

    @BeforeAll
    static void start() throws Exception {
        // the stub reports exactly the gateway's own estimate, so a reservation (worst case) equals the settled cost
        promptTokens = io.sovereign.gateway.pipeline.QuotaFilter.promptTokens(
                new TokenCounter(),
                io.sovereign.gateway.pipeline.ClassifyFilter.segments(io.sovereign.gateway.openai.RequestParser.of(
                        io.sovereign.gateway.request.Endpoint.CHAT_COMPLETIONS,
                        (tools.jackson.databind.node.ObjectNode) OpenAiStub.JSON.readTree(chat(false)))));
        costPerRequest = (promptTokens + MAX_TOKENS) * PRICE_PER_MILLION_USD;
        hosted = OpenAiStub.start("hosted").promptTokens((int) promptTokens);
        onprem = OpenAiStub.start("onprem").promptTokens((int) promptTokens);
        // engineering (alice) fits exactly N requests; legal (bob) has room for the stream tests
        String yaml = GatewayHarness.fixture(
                "budget-exact.yaml",
                Map.of(
                        "PRICE_PER_MILLION_USD",
                        PRICE_PER_MILLION_USD,
                        "RPM",
                        RPM,
                        "ENGINEERING_MONTHLY_USD",
                        (N * costPerRequest) / 1e6));
        a = GatewayHarness.builder()
                .hosted(hosted)
                .onprem(onprem)
                .policy(yaml)
                .key(RPM_KEY, "rpm-user", "legal")
                .property("gateway.store.type", "redis")
                .property("spring.data.redis.url", redis.url())
                .property("gateway.store.command-timeout", "3s")
                .start();
        b = GatewayHarness.builder()
                .hosted(hosted)
                .onprem(onprem)
                .policy(yaml)
                .key(RPM_KEY, "rpm-user", "legal")
                .property("gateway.store.type", "redis")
                .property("spring.data.redis.url", redis.url())
                .property("gateway.store.command-timeout", "3s")
                .start();
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        hosted.close();
        onprem.close();
    }

    static String chat(boolean stream) {
        return "{\"model\":\"auto\",\"max_tokens\":" + MAX_TOKENS + (stream ? ",\"stream\":true" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
    }

    static JsonNode spend(GatewayHarness g) {
        HttpResponse<String> r = g.get("/admin/spend", GatewayHarness.FINANCE_KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return OpenAiStub.JSON.readTree(r.body());
    }

    @Test
    void twoReplicasHoldATeamBudgetExactlyUnderConcurrency() {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            GatewayHarness g = i % 2 == 0 ? a : b;
            HttpRequest req = g.request("/v1/chat/completions", GatewayHarness.ALICE_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chat(false)))
                    .build();
            calls.add(GatewayHarness.http().sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses =
                calls.stream().map(CompletableFuture::join).toList();
        long ok = responses.stream().filter(r -> r.statusCode() == 200).count();
        List<HttpResponse<String>> refused =
                responses.stream().filter(r -> r.statusCode() == 429).toList();
        java.util.Map<Integer, Long> byStatus = responses.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        HttpResponse::statusCode, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        assertThat(ok + refused.size())
                .as("every call is either served or refused for budget: " + byStatus + " "
                        + responses.stream()
                                .filter(r -> r.statusCode() != 200 && r.statusCode() != 429)
                                .map(HttpResponse::body)
                                .findFirst()
                                .orElse(""))
                .isEqualTo(400);
        assertThat(ok).isBetween((long) N - 1, (long) N);
        assertThat(refused.get(0).body())
                .contains("\"code\":\"insufficient_quota\"", "team 'engineering' monthly budget of $", "resets ");
        assertThat(refused.get(0).headers().firstValue("retry-after")).isPresent();

        JsonNode team = spend(b).path("teams").path("engineering");
        assertThat(team.path("spent_micro_usd").asLong()).isEqualTo(ok * costPerRequest);
        assertThat(team.path("spent_micro_usd").asLong()).isLessThanOrEqualTo(N * costPerRequest);
        assertThat(team.path("requests").asLong()).isEqualTo(ok);
        assertThat(team.path("input_tokens").asLong()).isEqualTo(ok * promptTokens);
        assertThat(team.path("reserved_micro_usd").asLong()).isZero();
    }

    @Test
    void streamsAreChargedFromTheirUsageChunkWhichCallersDidNotAskForIsRemoved() throws Exception {
        long before =
                spend(a).path("teams").path("legal").path("spent_micro_usd").asLong(0);
        HttpResponse<String> r = a.post("/v1/chat/completions", GatewayHarness.BOB_KEY, chat(true));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("\"usage\"").contains("[DONE]");
        assertThat(hosted.received()
                        .get(hosted.received().size() - 1)
                        .body()
                        .path("stream_options")
                        .path("include_usage")
                        .asBoolean())
                .isTrue();
        HttpResponse<String> withUsage = a.post(
                "/v1/chat/completions",
                GatewayHarness.BOB_KEY,
                chat(true).replace("\"stream\":true", "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        assertThat(withUsage.body()).contains("\"usage\"");
        long after =
                spend(a).path("teams").path("legal").path("spent_micro_usd").asLong();
        assertThat(after - before).isEqualTo(2 * costPerRequest);
    }

    @Test
    void aCallerWhoDisconnectsMidStreamPaysForWhatWasGenerated() throws Exception {
        JsonNode before = spend(a).path("users").path("dave");
        onprem.streamDelayAfterWords(3).streamDelayMillis(3000);
        HttpRequest req = a.request("/v1/chat/completions", GatewayHarness.FINANCE_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chat(true).replace("\"auto\"", "\"gpt-oss-20b\"")))
                .build();
        HttpResponse<InputStream> r = GatewayHarness.http().send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            byte[] buf = new byte[8192];
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains(" onprem")) { // three words generated, then the caller goes away
                int n = in.read(buf);
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        }
        JsonNode after = Awaitility.await("the disconnected call is settled")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> spend(a).path("users").path("dave"),
                        now -> now.path("requests").asLong(0)
                                != before.path("requests").asLong(0));
        long outTokens = after.path("output_tokens").asLong(0)
                - before.path("output_tokens").asLong(0);
        assertThat(after.path("requests").asLong())
                .isEqualTo(before.path("requests").asLong(0) + 1);
        assertThat(outTokens)
                .as("charged for the words generated before the disconnect")
                .isBetween(1L, 6L);
        assertThat(after.path("reserved_micro_usd").asLong()).isZero();
        onprem.reset();
    }

    @Test
    void aUsersRequestsPerMinuteHoldAcrossReplicas() {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 2 * RPM; i++) {
            GatewayHarness g = i % 2 == 0 ? a : b;
            calls.add(GatewayHarness.http()
                    .sendAsync(
                            g.request("/v1/chat/completions", RPM_KEY)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(chat(false)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses =
                calls.stream().map(CompletableFuture::join).toList();
        long ok = responses.stream().filter(r -> r.statusCode() == 200).count();
        assertThat(ok).isBetween((long) RPM - 1, (long) RPM);
        HttpResponse<String> limited = responses.stream()
                .filter(r -> r.statusCode() == 429)
                .findFirst()
                .orElseThrow();
        assertThat(limited.body()).contains("\"code\":\"rate_limit_exceeded\"");
        assertThat(limited.headers().firstValue("retry-after")).isPresent();
        assertThat(limited.headers().firstValue("x-ratelimit-limit-requests")).contains(Integer.toString(RPM));
        assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests"))
                .contains("0");
        HttpResponse<String> served = responses.stream()
                .filter(r -> r.statusCode() == 200)
                .findFirst()
                .orElseThrow();
        assertThat(served.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
    }

    @Test
    void spendIsForFinanceAndComesAsCsvToo() {
        assertThat(a.get("/admin/spend", GatewayHarness.ALICE_KEY).statusCode()).isEqualTo(403);
        HttpResponse<String> csv = a.get("/admin/spend?format=csv", GatewayHarness.FINANCE_KEY);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.body()).startsWith("month,dimension,key,spent_micro_usd");
        HttpResponse<String> bad = a.get("/admin/spend?month=November", GatewayHarness.FINANCE_KEY);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("YYYY-MM");
    }
}
