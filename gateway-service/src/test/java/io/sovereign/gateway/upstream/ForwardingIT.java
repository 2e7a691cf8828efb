package io.sovereign.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The gateway in front of two real HTTP stubs: routing, rewriting, streaming, fallback and upstream failures. */
@GatewayTest(
        hostedOSeries = true,
        properties = {"gateway.upstream.first-byte-timeout=1500ms", "gateway.upstream.idle-timeout=3s"})
class ForwardingIT {

    @Stub("onprem")
    static OpenAiStub onprem;

    @Stub("hosted")
    static OpenAiStub hosted;

    static GatewayHarness gateway;

    @BeforeEach
    void reset() {
        onprem.reset();
        hosted.reset();
    }

    static final String HELLO =
            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Name three rivers in Europe.\"}]}";

    @Test
    void publicChatGoesToHostedWithTheTargetsKeyAndModel() {
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions",
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"x_custom_field\":{\"keep\":true}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Hello from hosted");
        assertThat(r.headers().firstValue("x-gateway-target")).contains("hosted");
        assertThat(r.headers().firstValue("x-gateway-rule")).contains("everything-else");
        assertThat(r.headers().firstValue("x-gateway-level")).contains("public");
        assertThat(r.headers().firstValue("x-gateway-policy-revision"))
                .hasValueSatisfying(v -> assertThat(v).hasSize(12));
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.startsWith("openai-"));
        OpenAiStub.Received got = hosted.received().get(0);
        assertThat(got.path()).isEqualTo("/v1/chat/completions");
        assertThat(got.body().get("model").asString()).isEqualTo("o3-mini");
        assertThat(got.body().get("x_custom_field").get("keep").asBoolean()).isTrue();
        assertThat(got.header("Authorization")).isEqualTo("Bearer " + GatewayHarness.HOSTED_KEY);
        assertThat(got.headers().toString()).doesNotContain(GatewayHarness.ALICE_KEY);
        assertThat(got.header("X-Forwarded-For")).isNull();
        assertThat(onprem.received()).isEmpty();
    }

    @Test
    void requestIdFromTheCallerIsEchoedButTheGatewayMintsItsOwn() {
        HttpResponse<String> r = gateway.send(gateway.request("/v1/chat/completions", GatewayHarness.ALICE_KEY)
                .header("Content-Type", "application/json")
                .header("x-request-id", "trace-123")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO))
                .build());
        assertThat(r.headers().firstValue("x-client-request-id")).contains("trace-123");
        assertThat(r.headers().firstValue("x-request-id"))
                .hasValueSatisfying(
                        id -> assertThat(id).isNotEqualTo("trace-123").hasSize(36));
    }

    @Test
    void paramsWrittenForGptOssAreTranslatedForO3Mini() {
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions",
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"o3-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":40,\"temperature\":0.3,\"top_p\":0.9}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode sent = hosted.received().get(0).body();
        assertThat(sent.has("max_tokens")).isFalse();
        assertThat(sent.get("max_completion_tokens").asInt()).isEqualTo(40);
        assertThat(sent.has("temperature")).isFalse();
        assertThat(sent.has("top_p")).isFalse();
    }

    @Test
    void paramsWrittenForO3MiniAreTranslatedForOnprem() {
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions",
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"gpt-oss-20b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_completion_tokens\":50,\"reasoning_effort\":\"low\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        JsonNode sent = onprem.received().get(0).body();
        assertThat(sent.get("model").asString()).isEqualTo("gpt-oss-20b");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(50);
        assertThat(sent.has("max_completion_tokens")).isFalse();
        assertThat(sent.get("reasoning_effort").asString()).isEqualTo("low");
        assertThat(hosted.received()).isEmpty();
    }

    @Test
    void streamEventsArriveAsTheUpstreamSendsThem() throws Exception {
        hosted.streamDelayMillis(1500);
        HttpRequest req = gateway.request("/v1/chat/completions", GatewayHarness.ALICE_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"auto\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        long start = System.nanoTime();
        HttpResponse<InputStream> r = GatewayHarness.http().send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String first = in.readLine();
            long firstMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(first).startsWith("data: {").contains("chat.completion.chunk");
            assertThat(firstMillis)
                    .as("first event must not wait for the delayed rest")
                    .isLessThan(1000);
            StringBuilder rest = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                rest.append(line).append('\n');
            }
            long allMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(allMillis).isGreaterThanOrEqualTo(1400);
            assertThat(rest.toString()).contains("Hello").endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void hostedFailureFallsBackOnprem() {
        hosted.mode(OpenAiStub.Mode.FAIL_500);
        HttpResponse<String> r = gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("Hello from onprem");
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(hosted.received()).hasSize(1);
        assertThat(onprem.received()).hasSize(1);
    }

    @Test
    void hostedRateLimitFallsBackOnprem() {
        hosted.mode(OpenAiStub.Mode.FAIL_429);
        HttpResponse<String> r = gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
    }

    @Test
    void bothTargetsFailingIsA502NamingTheTarget() {
        hosted.mode(OpenAiStub.Mode.FAIL_500);
        onprem.mode(OpenAiStub.Mode.FAIL_500);
        HttpResponse<String> r = gateway.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO);
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("\"type\":\"api_error\"").contains("Target 'onprem' answered HTTP 500");
    }

    @Test
    void pinnedOnpremFailureWithoutFallbackIs502() {
        onprem.mode(OpenAiStub.Mode.FAIL_500);
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions",
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"gpt-oss-20b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(hosted.received()).isEmpty();
    }

    @Test
    void slowFirstByteIsA504WhenNoFallbackIsLeft() {
        onprem.firstByteDelayMillis(4000);
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions",
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"gpt-oss-20b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).contains("Target 'onprem' did not answer within 1500 ms");
    }

    @Test
    void unreachableHostedFallsBackOnprem() {
        try (GatewayHarness g = GatewayHarness.builder()
                .onprem(onprem)
                .hostedUrl("http://127.0.0.1:1/v1")
                .start()) {
            HttpResponse<String> r = g.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        }
    }

    @Test
    void hostedWithoutKeyIsNeverCalledAndFallsBack() {
        try (GatewayHarness g = GatewayHarness.builder()
                .onprem(onprem)
                .hosted(hosted)
                .hostedKey("")
                .start()) {
            HttpResponse<String> r = g.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
            assertThat(hosted.received()).isEmpty();
            onprem.mode(OpenAiStub.Mode.FAIL_500);
            HttpResponse<String> pinned = g.post(
                    "/v1/chat/completions",
                    GatewayHarness.ALICE_KEY,
                    "{\"model\":\"o3-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(pinned.statusCode()).isEqualTo(502);
        }
    }

    @Test
    void aTargetThatKeepsFailingIsGivenARestAndReportedDown() {
        try (OpenAiStub flaky = OpenAiStub.start("flaky").mode(OpenAiStub.Mode.FAIL_500);
                GatewayHarness g =
                        GatewayHarness.builder().onprem(onprem).hosted(flaky).start()) {
            for (int i = 0; i < 30; i++) {
                assertThat(g.post("/v1/chat/completions", GatewayHarness.ALICE_KEY, HELLO)
                                .statusCode())
                        .isEqualTo(200);
            }
            assertThat(flaky.received().size())
                    .as("calls stop once the circuit opens")
                    .isLessThan(30);
            String metrics = g.metrics();
            assertThat(metrics.lines()
                            .filter(l -> l.startsWith("gateway_target_up{") && l.contains("target=\"hosted\"")))
                    .singleElement()
                    .satisfies(l -> assertThat(l).endsWith(" 0.0"));
            assertThat(metrics.lines()
                            .filter(l -> l.startsWith("gateway_target_up{") && l.contains("target=\"onprem\"")))
                    .singleElement()
                    .satisfies(l -> assertThat(l).endsWith(" 1.0"));
            assertThat(metrics)
                    .contains("gateway_requests_total{")
                    .doesNotContain("model=\"o3-mini\",rule=\"everything-else\",status=\"200\",target=\"onprem\"");
        }
    }

    @Test
    void embeddingsAutoGoOnpremWithTheOnpremEmbeddingModel() {
        HttpResponse<String> r = gateway.post(
                "/v1/embeddings", GatewayHarness.ALICE_KEY, "{\"model\":\"auto\",\"input\":[\"a\",\"b\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"index\":1");
        assertThat(onprem.received().get(0).body().get("model").asString()).isEqualTo("all-minilm-l6-v2");
        assertThat(hosted.received()).isEmpty();
    }

    @Test
    void embeddingsAreNeverSwitchedToAnotherModelOnFailure() {
        hosted.mode(OpenAiStub.Mode.FAIL_500);
        HttpResponse<String> r = gateway.post(
                "/v1/embeddings", GatewayHarness.ALICE_KEY, "{\"model\":\"text-embedding-3-small\",\"input\":\"a\"}");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(onprem.received()).isEmpty();
    }

    @Test
    void modelsListsThePolicysNames() {
        HttpResponse<String> r = gateway.get("/v1/models", GatewayHarness.ALICE_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .contains(
                        "\"id\":\"auto\"",
                        "\"id\":\"gpt-oss-20b\"",
                        "\"id\":\"o3-mini\"",
                        "\"id\":\"all-minilm-l6-v2\"",
                        "\"id\":\"text-embedding-3-small\"");
    }
}
