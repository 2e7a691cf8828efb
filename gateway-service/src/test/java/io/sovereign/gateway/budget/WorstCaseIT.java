package io.sovereign.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.pipeline.ClassifyFilter;
import io.sovereign.gateway.pipeline.QuotaFilter;
import io.sovereign.gateway.quota.TokenCounter;
import io.sovereign.gateway.request.Endpoint;
import io.sovereign.gateway.testsupport.ConfigureGateway;
import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Spend that cannot be dodged, through the running gateway and two recording stubs: a caller-chosen request id
 * does not make repeats free, the reservation is a true worst case (n x the cap the target is sent, at the dearer
 * of target and fallback), n is bounded, and names the stores cannot key get a clear 4xx.
 */
@GatewayTest
class WorstCaseIT {

    static final long HOSTED_MICROS_PER_TOKEN = 100; // 100 USD per million tokens
    static final long ONPREM_MICROS_PER_TOKEN = 200; // the fallback is the dearer one here
    static final long ONPREM_CAP = 1000;
    static final long MAX_TOKENS = 100;
    static final String PROMPT = "Name three rivers in Europe.";

    @Stub("hosted")
    static OpenAiStub hosted;

    @Stub("onprem")
    static OpenAiStub onprem;

    static GatewayHarness gateway;
    static long promptTokens;

    static String chat(String extra) {
        return "{\"model\":\"auto\"" + extra + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
    }

    @ConfigureGateway
    static void worstCase(GatewayHarness.Builder gateway) {
        promptTokens = QuotaFilter.promptTokens(
                new TokenCounter(), ClassifyFilter.segments(RequestParser.of(Endpoint.CHAT_COMPLETIONS, (ObjectNode)
                        OpenAiStub.JSON.readTree(chat(",\"max_tokens\":1")))));
        long nTwoAtOnprem = (promptTokens + 2 * MAX_TOKENS) * ONPREM_MICROS_PER_TOKEN;
        long oneAtHosted = (promptTokens + MAX_TOKENS) * HOSTED_MICROS_PER_TOKEN;
        gateway.policyFixture(
                        "worst-case.yaml",
                        Map.of(
                                "ONPREM_CAP",
                                ONPREM_CAP,
                                "CHOICES_MONTHLY_USD",
                                nTwoAtOnprem / 1e6,
                                "FALLBACK_MONTHLY_USD",
                                oneAtHosted / 1e6))
                .key("sk-test-ider", "ider", "ids")
                .key("sk-test-chooser", "chooser", "choices")
                .key("sk-test-faller", "faller", "fallback")
                .key("sk-test-brace", "\"ali{ce\"", "engineering")
                .key("sk-test-pipe", "zed", "\"a|b\"")
                .key("sk-test-leaver", "leaver", "ids")
                .key("sk-test-slowpoke", "slowpoke", "ids")
                .property("gateway.upstream.abandoned-call-timeout", "2s");
    }

    static JsonNode user(String name) {
        HttpResponse<String> r = gateway.get("/admin/spend", GatewayHarness.FINANCE_KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return OpenAiStub.JSON.readTree(r.body()).path("users").path(name);
    }

    @Test
    void repeatingOneCallerRequestIdIsChargedEveryTime() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = gateway.send(gateway.request("/v1/chat/completions", "sk-test-ider")
                    .header("Content-Type", "application/json")
                    .header("x-request-id", "same-id<script>")
                    .POST(HttpRequest.BodyPublishers.ofString(chat("")))
                    .build());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-client-request-id")).contains("same-idscript");
            String id = r.headers().firstValue("x-request-id").orElseThrow();
            assertThat(id).isNotEqualTo("same-id<script>").isNotEqualTo("same-idscript");
            ids.add(id);
        }
        assertThat(ids).hasSize(4);
        JsonNode spend = user("ider");
        long cost = (OpenAiStub.PROMPT_TOKENS + OpenAiStub.COMPLETION_TOKENS) * HOSTED_MICROS_PER_TOKEN;
        assertThat(spend.path("requests").asLong()).isEqualTo(4);
        assertThat(spend.path("spent_micro_usd").asLong()).isEqualTo(4 * cost);
        assertThat(spend.path("reserved_micro_usd").asLong()).isZero();

        Path audit = gateway.dir().resolve("audit.jsonl");
        // the audit appender is asynchronous
        Awaitility.await("four audit lines carry the caller's id beside four minted ones")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> Files.exists(audit)
                                ? Files.readAllLines(audit).stream()
                                        .filter(l -> l.contains("\"client_request_id\":\"same-idscript\""))
                                        .count()
                                : 0,
                        lines -> lines == 4);
    }

    @Test
    void withoutACapTheCapTheBudgetAssumedIsSentInTheTargetsDialect() {
        hosted.received().clear();
        onprem.received().clear();
        assertThat(gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, chat(""))
                        .statusCode())
                .isEqualTo(200);
        JsonNode toHosted = hosted.received().get(0).body();
        assertThat(toHosted.path("max_completion_tokens").asLong()).isEqualTo(4096); // o-series dialect, default cap
        assertThat(toHosted.has("max_tokens")).isFalse();
        HttpResponse<String> sensitive = gateway.post(
                "/v1/chat/completions",
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Write to jane.doe@acme-corp.com\"}]}");
        assertThat(sensitive.statusCode()).as(sensitive.body()).isEqualTo(200);
        JsonNode toOnprem = onprem.received().get(0).body();
        assertThat(toOnprem.path("max_tokens").asLong()).isEqualTo(ONPREM_CAP); // local dialect, the target's own cap
        assertThat(toOnprem.has("max_completion_tokens")).isFalse();
        // a caller's own cap is passed as the caller wrote it (translated), never replaced
        assertThat(gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, chat(",\"max_tokens\":33"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(hosted.received().get(1).body().path("max_completion_tokens").asLong())
                .isEqualTo(33);
    }

    @Test
    void nAboveThePolicyLimitIsRefusedAndNothingIsForwarded() {
        int before = hosted.received().size() + onprem.received().size();
        HttpResponse<String> r = gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, chat(",\"n\":64"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = OpenAiStub.JSON.readTree(r.body()).get("error");
        assertThat(error.get("param").asString()).isEqualTo("n");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asString()).contains("at most 8 choices", "got 64");
        assertThat(hosted.received().size() + onprem.received().size()).isEqualTo(before);
    }

    @Test
    void theReservationIsNTimesTheCapAtTheDearerOfTargetAndFallback() {
        // the team's budget fits exactly n=2 x 100 tokens at the (dearer) fallback's price: n=3 cannot be reserved
        HttpResponse<String> three =
                gateway.post("/v1/chat/completions", "sk-test-chooser", chat(",\"max_tokens\":100,\"n\":3"));
        assertThat(three.statusCode()).as(three.body()).isEqualTo(429);
        assertThat(three.body()).contains("\"code\":\"insufficient_quota\"", "team 'choices'");
        HttpResponse<String> two =
                gateway.post("/v1/chat/completions", "sk-test-chooser", chat(",\"max_tokens\":100,\"n\":2"));
        assertThat(two.statusCode()).as(two.body()).isEqualTo(200);

        // this team's budget fits one request at the hosted price, not at its fallback's: either may serve it
        HttpResponse<String> r = gateway.post("/v1/chat/completions", "sk-test-faller", chat(",\"max_tokens\":100"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(r.body()).contains("team 'fallback'");
    }

    /** Sends a whole request on a raw socket, waits until the target has it, and hangs up without reading. */
    static void sendAndHangUp(String key, String body, OpenAiStub target) throws Exception {
        int before = target.received().size();
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", gateway.port())) {
            s.getOutputStream()
                    .write(("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + key
                                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                                    + "\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> target.received().size() > before);
        }
    }

    static JsonNode awaitCharged(String name) {
        return org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(15))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(
                        () -> user(name),
                        u -> u.path("requests").asLong(0) == 1
                                && u.path("reserved_micro_usd").asLong(-1) == 0);
    }

    @Test
    void aCallerWhoHangsUpBeforeANonStreamedAnswerIsChargedWhatTheTargetReported() throws Exception {
        hosted.firstByteDelayMillis(800);
        try {
            sendAndHangUp("sk-test-leaver", chat(""), hosted);
            JsonNode spend = awaitCharged("leaver");
            assertThat(spend.path("input_tokens").asLong()).isEqualTo(OpenAiStub.PROMPT_TOKENS);
            assertThat(spend.path("output_tokens").asLong()).isEqualTo(OpenAiStub.COMPLETION_TOKENS);
            assertThat(spend.path("spent_micro_usd").asLong())
                    .isEqualTo((OpenAiStub.PROMPT_TOKENS + OpenAiStub.COMPLETION_TOKENS) * HOSTED_MICROS_PER_TOKEN);
        } finally {
            hosted.firstByteDelayMillis(0);
        }
    }

    @Test
    void anAbandonedCallThatOutlivesItsBoundIsChargedAsReserved() throws Exception {
        hosted.firstByteDelayMillis(6000);
        try {
            sendAndHangUp("sk-test-slowpoke", chat(",\"max_tokens\":50"), hosted);
            JsonNode spend = awaitCharged("slowpoke");
            assertThat(spend.path("input_tokens").asLong()).isEqualTo(promptTokens);
            assertThat(spend.path("output_tokens").asLong()).isEqualTo(50);
        } finally {
            hosted.firstByteDelayMillis(0);
        }
    }

    @Test
    void namesTheStoresCannotKeyGetAClear403() {
        for (String key : new String[] {"sk-test-brace", "sk-test-pipe"}) {
            HttpResponse<String> r = gateway.post("/v1/chat/completions", key, chat(""));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            JsonNode error = OpenAiStub.JSON.readTree(r.body()).get("error");
            assertThat(error.get("code").asString()).isEqualTo("invalid_principal_name");
            assertThat(error.get("message").asString()).contains("cannot be used by the gateway", "reserved");
        }
    }
}
