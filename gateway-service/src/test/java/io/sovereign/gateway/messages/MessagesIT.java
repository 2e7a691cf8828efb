package io.sovereign.gateway.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/messages} through the real gateway, in front of two chat-completions stubs (the hosted one
 * rejecting what OpenAI's o-series rejects): the answer in Anthropic's shape, whole and streamed, the recorded
 * Claude Code requests routed by their content, and Anthropic-shaped errors on the real path.
 */
@GatewayTest(
        hostedOSeries = true,
        properties = {"gateway.limits.max-body-size=256KB", "gateway.upstream.idle-timeout=2s"})
class MessagesIT {

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

    static final String PLAIN =
            "{\"model\":\"claude-haiku-4-5-20251001\",\"max_tokens\":1024,\"temperature\":0.3,\"top_k\":5,"
                    + "\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Name three rivers in Europe.\"}]}";

    /** As Anthropic's SDKs send it: x-api-key, the version and beta headers. */
    static HttpRequest.Builder anthropic(String pathAndQuery, String key, String body) {
        return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header("x-api-key", key)
                .header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpResponse<String> post(String body) {
        return gateway.send(anthropic("/v1/messages?beta=true", GatewayHarness.ALICE_KEY, body)
                .build());
    }

    static ObjectNode claudeCode(String fixture) {
        return (ObjectNode) Json.fixture("claude-code/" + fixture).get("body");
    }

    static void assertAnthropicError(HttpResponse<String> r, int status, String type, String messagePart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = Json.LENIENT.readTree(r.body());
        assertThat(body.path("type").asString()).as(r.body()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).as(r.body()).isEqualTo(type);
        assertThat(body.path("error").path("message").asString()).as(r.body()).contains(messagePart);
    }

    /** The {@code event:} names of an SSE body, and each event's data. */
    record Sse(List<String> names, List<JsonNode> data) {
        static Sse parse(String body) {
            List<String> names = new ArrayList<>();
            List<JsonNode> data = new ArrayList<>();
            for (String event : body.split("\n\n")) {
                for (String line : event.split("\n")) {
                    if (line.startsWith("event:")) {
                        names.add(line.substring(6).trim());
                    } else if (line.startsWith("data:")) {
                        data.add(Json.LENIENT.readTree(line.substring(5).trim()));
                    }
                }
            }
            return new Sse(names, data);
        }

        JsonNode first(String name) {
            return data.get(names.indexOf(name));
        }
    }

    @Test
    void aWholeAnswerIsAnAnthropicMessageAndNothingAnthropicReachesTheTarget() {
        HttpResponse<String> r = post(PLAIN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode m = Json.LENIENT.readTree(r.body());
        assertThat(m.path("type").asString()).isEqualTo("message");
        assertThat(m.path("role").asString()).isEqualTo("assistant");
        assertThat(m.path("content").get(0).path("type").asString()).isEqualTo("text");
        assertThat(m.path("content").get(0).path("text").asString()).isEqualTo("Hello from hosted");
        assertThat(m.path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(m.path("usage").path("input_tokens").asLong()).isEqualTo(OpenAiStub.PROMPT_TOKENS);
        assertThat(m.path("usage").path("output_tokens").asLong()).isEqualTo(OpenAiStub.COMPLETION_TOKENS);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("hosted");
        assertThat(r.headers().firstValue("x-request-id")).isPresent();

        OpenAiStub.Received got = hosted.received().get(0);
        assertThat(got.path()).isEqualTo("/v1/chat/completions");
        assertThat(got.query()).as("the caller's ?beta=true is not forwarded").isNull();
        assertThat(got.headers().keySet())
                .noneMatch(h -> h.toLowerCase().startsWith("anthropic-") || h.equalsIgnoreCase("x-api-key"));
        assertThat(got.headers().toString()).doesNotContain(GatewayHarness.ALICE_KEY);
        assertThat(got.body().path("model").asString()).isEqualTo("o3-mini");
        // o3-mini's profile: no temperature, the cap as max_completion_tokens (the stub would answer 400 otherwise)
        assertThat(got.body().has("temperature")).isFalse();
        assertThat(got.body().path("max_completion_tokens").asLong()).isEqualTo(1024);
        assertThat(got.body().path("messages").get(0).path("role").asString()).isEqualTo("system");
        assertThat(got.body().toString()).doesNotContain("cache_control").doesNotContain("top_k");
        assertThat(onprem.received()).isEmpty();
    }

    @Test
    void aStreamIsAnthropicsEventSequenceWithTheTargetsUsage() {
        HttpResponse<String> r = post(PLAIN.replace("\"max_tokens\":1024,", "\"max_tokens\":1024,\"stream\":true,"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Sse sse = Sse.parse(r.body());
        assertThat(sse.names())
                .startsWith("message_start")
                .endsWith("content_block_stop", "message_delta", "message_stop");
        assertThat(sse.names())
                .contains("content_block_start", "content_block_delta")
                .doesNotContain("error");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sse.names().size(); i++) {
            if (sse.names().get(i).equals("content_block_delta")) {
                assertThat(sse.data().get(i).path("delta").path("type").asString())
                        .isEqualTo("text_delta");
                text.append(sse.data().get(i).path("delta").path("text").asString());
            }
        }
        assertThat(text.toString()).isEqualTo("Hello from hosted! More words.");
        JsonNode delta = sse.first("message_delta");
        assertThat(delta.path("delta").path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(delta.path("usage").path("output_tokens").asLong()).isEqualTo(7); // the stub's word count
        assertThat(r.body()).doesNotContain("chat.completion.chunk").doesNotContain("[DONE]");
        OpenAiStub.Received got = hosted.received().get(0);
        assertThat(got.body().path("stream").asBoolean()).isTrue();
        assertThat(hosted.received())
                .as("one request: the stream was not retried")
                .hasSize(1);
    }

    @Test
    void aTargetThatStallsMidStreamEndsItWithAnAnthropicErrorEvent() {
        hosted.streamDelayAfterWords(2).streamDelayMillis(5000);
        HttpResponse<String> r = post(PLAIN.replace("\"max_tokens\":1024,", "\"max_tokens\":1024,\"stream\":true,"));
        assertThat(r.statusCode()).isEqualTo(200); // the status line had gone out with the first chunk
        Sse sse = Sse.parse(r.body());
        assertThat(sse.names()).startsWith("message_start").endsWith("error").doesNotContain("message_stop");
        JsonNode error = sse.data().get(sse.data().size() - 1);
        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("error").path("message").asString()).contains("sent nothing for 2 s");
        assertThat(r.body()).doesNotContain("chat.completion.chunk");
    }

    @Test
    void aThinkingBudgetBecomesTheTargetsReasoningEffort() {
        HttpResponse<String> r = post(
                PLAIN.replace("\"temperature\":0.3,", "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":16000},"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(hosted.received().get(0).body().path("reasoning_effort").asString())
                .isNotEmpty();
        assertThat(hosted.received().get(0).body().has("thinking")).isFalse();
    }

    @Test
    void claudeCodesPublicTurnRoutesAsPublicDespiteItsNoReplyAttribution() {
        ObjectNode body = claudeCode("plain-turn.json");
        assertThat(body.toString()).contains("noreply@anthropic.com");
        assertThat(body.path("max_tokens").asLong()).isEqualTo(128000);
        HttpResponse<String> r = post(body.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-level")).contains("public");
        assertThat(r.headers().firstValue("x-gateway-target")).contains("hosted");
        assertThat(Sse.parse(r.body()).names()).endsWith("message_stop");
        OpenAiStub.Received got = hosted.received().get(0);
        assertThat(got.body().path("stream").asBoolean()).isTrue();
        // the target's max_output_tokens (4096 by default) caps Claude Code's 128k: that is what the budget reserved
        assertThat(got.body().path("max_completion_tokens").asLong()).isEqualTo(4096);
        assertThat(got.body().path("tools").size()).isEqualTo(body.path("tools").size());
        assertThat(onprem.received()).isEmpty();
    }

    @Test
    void claudeCodesTurnWithAPaymentCardReachesOnlyTheOnPremTarget() {
        ObjectNode body = claudeCode("plain-turn.json");
        ArrayNode content = (ArrayNode) body.path("messages").get(0).path("content");
        ((ObjectNode) content.get(content.size() - 1)).put("text", "Refund the card 4111 1111 1111 1111, please.");
        HttpResponse<String> r = post(body.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(r.headers().firstValue("x-gateway-level")).contains("restricted");
        assertThat(hosted.received()).isEmpty();
        assertThat(onprem.received()).hasSize(1);
        assertThat(onprem.received().get(0).body().path("max_tokens").asLong()).isEqualTo(4096);
    }

    @Test
    void claudeCodesToolResultTurnBecomesAToolMessage() {
        HttpResponse<String> r = post(claudeCode("tool-result-turn.json").toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode messages = hosted.received().get(0).body().path("messages");
        List<String> roles = new ArrayList<>();
        messages.forEach(m -> roles.add(m.path("role").asString()));
        assertThat(roles).contains("assistant", "tool");
    }

    @Test
    void claudeCodesNonStreamingRetryIsAWholeAnswer() {
        HttpResponse<String> r = post(claudeCode("non-streaming-retry.json").toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Json.LENIENT.readTree(r.body()).path("type").asString()).isEqualTo("message");
    }

    @Test
    void claudeCodesConnectivityProbeWithoutNonEssentialTrafficOffGetsAPlainAnswer() {
        // HEAD /api/hello, sent without credentials when CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC is unset; Claude
        // Code goes on whatever the status (recorded: 200, 401, 404 alike), so the gateway's ordinary refusal is fine
        HttpResponse<String> r = gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/hello"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10))
                .build());
        assertThat(r.statusCode()).isIn(401, 404);
        assertThat(hosted.received()).isEmpty();
        assertThat(onprem.received()).isEmpty();
    }

    @Test
    void aBearerKeyWorksAsWell() {
        HttpResponse<String> r = gateway.post("/v1/messages", GatewayHarness.ALICE_KEY, PLAIN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aBadKeyIsAnAuthenticationError() {
        assertAnthropicError(
                gateway.send(anthropic("/v1/messages", "sk-wrong", PLAIN).build()), 401, "authentication_error", "");
        assertAnthropicError(
                gateway.send(anthropic("/v1/messages", GatewayHarness.NO_ROLE_KEY, PLAIN)
                        .build()),
                403,
                "permission_error",
                "gateway-user");
        assertThat(hosted.received()).isEmpty();
    }

    @Test
    void anUnknownModelIsNotFound() {
        assertAnthropicError(
                post(PLAIN.replace("claude-haiku-4-5-20251001", "claude-nonexistent-1")),
                404,
                "not_found_error",
                "claude-nonexistent-1");
    }

    @Test
    void aMissingMaxTokensIsAnInvalidRequestNamingIt() {
        assertAnthropicError(
                post(PLAIN.replace("\"max_tokens\":1024,", "")), 400, "invalid_request_error", "max_tokens");
        assertAnthropicError(
                post(
                        "{\"model\":\"auto\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\"}]}]}"),
                400,
                "invalid_request_error",
                "messages.0.content.0");
        assertThat(hosted.received()).isEmpty();
    }

    @Test
    void aTooLargeBodyIsRequestTooLarge() {
        String big = "x".repeat(300 * 1024);
        assertAnthropicError(post(PLAIN.replace("Name three rivers in Europe.", big)), 413, "request_too_large", "");
    }

    @Test
    void anUpstreamFailureIsAnApiError() {
        hosted.mode(OpenAiStub.Mode.FAIL_500);
        onprem.mode(OpenAiStub.Mode.FAIL_500);
        HttpResponse<String> r = post(PLAIN);
        // public: hosted fails, the rule's fallback (onprem) fails too: 502 naming the target
        assertAnthropicError(r, 502, "api_error", "answered HTTP 500");
    }

    @Test
    void theGatewaysOwnQuotaIsARateLimitErrorWithRetryAfter() {
        // the default policy: 60 requests a minute per user (bob is used by no other test here)
        HttpResponse<String> r = null;
        for (int i = 0; i < 61; i++) {
            r = gateway.send(
                    anthropic("/v1/messages", GatewayHarness.BOB_KEY, PLAIN).build());
            if (r.statusCode() != 200) {
                break;
            }
        }
        assertAnthropicError(r, 429, "rate_limit_error", "");
        assertThat(r.headers().firstValue("retry-after")).isPresent();
    }

    @Test
    void anUpstreamRateLimitIsARateLimitError() {
        hosted.mode(OpenAiStub.Mode.FAIL_429);
        onprem.mode(OpenAiStub.Mode.FAIL_429);
        HttpResponse<String> r = post(PLAIN);
        JsonNode body = Json.LENIENT.readTree(r.body());
        assertThat(body.path("type").asString()).as(r.body()).isEqualTo("error");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(body.path("error").path("type").asString()).isEqualTo("rate_limit_error");
    }

    @Test
    void aTargetsOwnErrorReachesAMessagesCallerInAnthropicsShape() {
        hosted.mode(OpenAiStub.Mode.FAIL_400);
        onprem.mode(OpenAiStub.Mode.FAIL_400);
        HttpResponse<String> r = post(PLAIN);
        assertAnthropicError(r, 400, "invalid_request_error", "maximum context length is 512 tokens");
    }
}
