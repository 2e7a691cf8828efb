package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.ConfigureGateway;
import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/responses} through the real gateway, bridged to chat-completions stubs that record what they get:
 * answers in the Responses shape (whole and streamed), conversations kept by the gateway and sent upstream whole,
 * classified with their history (a sensitive tool output in turn 2 moves a public conversation on-prem), hosted
 * tools left out and said so, bad input refused in OpenAI's shape.
 */
@GatewayTest
class ResponsesGatewayIT {

    @Stub("onprem")
    static OpenAiStub onprem;

    @Stub("hosted")
    static OpenAiStub hosted;

    static GatewayHarness gateway;

    /** The stubs speak chat completions, and these are the bridge's tests: no target speaks Responses natively. */
    @ConfigureGateway
    static void bridged(GatewayHarness.Builder b) {
        b.chatOnlyTargets();
    }

    @BeforeEach
    void reset() {
        onprem.reset();
        hosted.reset();
    }

    static HttpResponse<String> post(String key, String body) {
        return gateway.post("/v1/responses", key, body);
    }

    static JsonNode json(HttpResponse<String> r) {
        return OpenAiStub.JSON.readTree(r.body());
    }

    @Test
    void aPlainRequestGetsAResponseObjectWithUsage() {
        HttpResponse<String> r = post(
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"auto\",\"instructions\":\"Be brief.\",\"input\":\"Say hello.\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("object").asString()).isEqualTo("response");
        assertThat(body.path("id").asString()).startsWith("resp_");
        assertThat(body.path("status").asString()).isEqualTo("completed");
        assertThat(body.path("output")
                        .get(0)
                        .path("content")
                        .get(0)
                        .path("text")
                        .asString())
                .isEqualTo("Hello from hosted");
        assertThat(body.path("usage").path("input_tokens").asLong()).isEqualTo(OpenAiStub.PROMPT_TOKENS);
        assertThat(body.path("usage").path("output_tokens").asLong()).isEqualTo(OpenAiStub.COMPLETION_TOKENS);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("hosted");
        JsonNode sent = hosted.received().get(0).body();
        assertThat(hosted.received().get(0).path()).endsWith("/chat/completions");
        assertThat(sent.path("messages").get(0).path("content").asString()).isEqualTo("Be brief.");
        assertThat(sent.path("messages").get(1).path("content").asString()).isEqualTo("Say hello.");
        assertThat(sent.has("store")).isFalse();
        // stored: the owner reads it back
        HttpResponse<String> got =
                gateway.get("/v1/responses/" + body.path("id").asString(), GatewayHarness.ALICE_KEY);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(json(got).path("id").asString()).isEqualTo(body.path("id").asString());
    }

    @Test
    void aStreamIsTranslatedEventByEventAndCompletesWithUsage() {
        HttpResponse<String> r = post(
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"auto\",\"input\":\"Say hello.\",\"stream\":true,\"store\":false}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<JsonNode> events = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: ")) {
                events.add(OpenAiStub.JSON.readTree(line.substring(6)));
            }
        }
        assertThat(r.body()).doesNotContain("[DONE]").doesNotContain("chat.completion.chunk");
        List<String> types = events.stream().map(e -> e.path("type").asString()).toList();
        assertThat(types.get(0)).as(r.body()).isEqualTo("response.created");
        assertThat(types)
                .contains(
                        "response.in_progress",
                        "response.output_item.added",
                        "response.content_part.added",
                        "response.output_text.delta",
                        "response.output_text.done",
                        "response.output_item.done");
        assertThat(types.get(types.size() - 1)).isEqualTo("response.completed");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence_number").asLong()).isEqualTo(i);
        }
        JsonNode completed = events.get(events.size() - 1).path("response");
        assertThat(completed.path("usage").path("input_tokens").asLong()).isEqualTo(OpenAiStub.PROMPT_TOKENS);
        assertThat(completed.path("usage").path("output_tokens").asLong()).isPositive();
        assertThat(completed
                        .path("output")
                        .get(0)
                        .path("content")
                        .get(0)
                        .path("text")
                        .asString())
                .isEqualTo("Hello from hosted! More words.");
        // store:false: nothing kept
        assertThat(gateway.get("/v1/responses/" + completed.path("id").asString(), GatewayHarness.ALICE_KEY)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aFollowUpSendsTheWholeConversationUpstream() {
        JsonNode first = json(post(GatewayHarness.ALICE_KEY, "{\"model\":\"auto\",\"input\":\"My name is Ada.\"}"));
        HttpResponse<String> r = post(
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"auto\",\"input\":\"What is my name?\",\"previous_response_id\":\""
                        + first.path("id").asString() + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode messages = hosted.received().get(1).body().path("messages");
        assertThat(messages.toString()).contains("My name is Ada.", "Hello from hosted", "What is my name?");
        assertThat(hosted.received().get(1).body().has("previous_response_id")).isFalse();
    }

    @Test
    void anotherCallersPreviousResponseIsNotFound() {
        JsonNode first = json(post(GatewayHarness.ALICE_KEY, "{\"model\":\"auto\",\"input\":\"Hello.\"}"));
        String id = first.path("id").asString();
        HttpResponse<String> r = post(
                GatewayHarness.BOB_KEY,
                "{\"model\":\"auto\",\"input\":\"Hi\",\"previous_response_id\":\"" + id + "\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r))
                .isEqualTo(
                        OpenAiStub.JSON.readTree(
                                "{\"error\":{\"message\":\"Previous response with id '" + id
                                        + "' not found.\",\"type\":\"invalid_request_error\",\"code\":null,\"param\":\"previous_response_id\"}}"));
        assertThat(hosted.received()).hasSize(1);
    }

    @Test
    void aSensitiveToolOutputInTurnTwoMovesAPublicConversationOnprem() {
        String tools =
                "\"tools\":[{\"type\":\"function\",\"name\":\"lookup_customer\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}]";
        HttpResponse<String> first = post(
                GatewayHarness.ALICE_KEY, "{\"model\":\"auto\",\"input\":\"Look up the customer.\"," + tools + "}");
        assertThat(first.headers().firstValue("x-gateway-target")).contains("hosted");
        String id = json(first).path("id").asString();
        String second = "{\"model\":\"auto\",\"previous_response_id\":\"" + id + "\"," + tools + ",\"input\":["
                + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"lookup_customer\",\"arguments\":\"{}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"card 4111 1111 1111 1111, exp 12/29\"}]}";
        HttpResponse<String> r = post(GatewayHarness.ALICE_KEY, second);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(r.headers().firstValue("x-gateway-level")).contains("restricted");
        assertThat(hosted.received()).hasSize(1);
        assertThat(hosted.received().toString()).doesNotContain("4111");
        assertThat(onprem.received().get(0).body().path("messages").toString())
                .contains("Look up the customer.", "4111 1111 1111 1111");

        // and the conversation stays on-prem: a harmless turn 3 carries the card in its history
        HttpResponse<String> third = post(
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"auto\",\"input\":\"Thanks.\",\"previous_response_id\":\""
                        + json(r).path("id").asString() + "\"}");
        assertThat(third.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(hosted.received()).hasSize(1);
    }

    @Test
    void sensitiveMetadataIsClassifiedThoughItNeverLeaves() {
        HttpResponse<String> r = post(
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"auto\",\"input\":\"Hello.\",\"metadata\":{\"customer\":\"4111 1111 1111 1111\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(onprem.received().get(0).body().toString()).doesNotContain("4111");
        assertThat(json(r).path("metadata").path("customer").asString()).isEqualTo("4111 1111 1111 1111");
    }

    @Test
    void hostedToolsAreLeftOutAndSaidSo() {
        HttpResponse<String> r = post(
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"auto\",\"input\":\"Search the web.\",\"tools\":[{\"type\":\"web_search\"},"
                        + "{\"type\":\"function\",\"name\":\"f\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue(ResponsesReplyFilter.DROPPED_HEADER))
                .hasValueSatisfying(v -> assertThat(v).contains("web_search"));
        JsonNode sent = hosted.received().get(0).body();
        assertThat(sent.path("tools")).hasSize(1);
        assertThat(sent.path("tools").get(0).path("function").path("name").asString())
                .isEqualTo("f");
    }

    @Test
    void metricsAndTheAuditLineNameTheApi() throws Exception {
        HttpResponse<String> r = gateway.send(gateway.request("/v1/responses", GatewayHarness.ALICE_KEY)
                .header("Content-Type", "application/json")
                .header("x-request-id", "responses-audit-probe")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"auto\",\"input\":\"Hello.\"}"))
                .build());
        assertThat(r.statusCode()).isEqualTo(200);
        // recorded when the exchange completes, which may be just after the caller has the answer
        org.awaitility.Awaitility.await("api label")
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> gateway.metrics()
                        .lines()
                        .anyMatch(l -> l.startsWith("gateway_requests_total{") && l.contains("api=\"responses\"")));
        java.nio.file.Path file = gateway.dir().resolve("audit.jsonl");
        String line = org.awaitility.Awaitility.await("audit line")
                .atMost(java.time.Duration.ofSeconds(10))
                .until(
                        () -> java.nio.file.Files.exists(file)
                                ? java.nio.file.Files.readAllLines(file).stream()
                                        .filter(l -> l.contains("\"responses-audit-probe\""))
                                        .findFirst()
                                        .orElse(null)
                                : null,
                        java.util.Objects::nonNull);
        assertThat(OpenAiStub.JSON.readTree(line).path("api").asString()).isEqualTo("responses");
    }

    @Test
    void badInputIsAnOpenAiShaped400() {
        HttpResponse<String> r = post(GatewayHarness.ALICE_KEY, "{\"model\":\"auto\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").path("param").asString()).isEqualTo("input");
        assertThat(json(r).path("error").path("type").asString()).isEqualTo("invalid_request_error");
        HttpResponse<String> t =
                post(GatewayHarness.ALICE_KEY, "{\"model\":\"auto\",\"input\":\"x\",\"temperature\":5}");
        assertThat(t.statusCode()).isEqualTo(400);
        assertThat(json(t).path("error").path("param").asString()).isEqualTo("temperature");
        HttpResponse<String> p = post(
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"auto\",\"input\":\"x\",\"previous_response_id\":\"resp_nope\"}");
        assertThat(p.statusCode()).isEqualTo(404);
        assertThat(hosted.received()).isEmpty();
        assertThat(onprem.received()).isEmpty();
    }
}
