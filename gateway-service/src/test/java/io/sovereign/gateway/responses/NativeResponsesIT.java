package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sovereign.gateway.money.Price;
import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.OpenAiStub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/responses} to a target that speaks the Responses API natively (the shipped policy's {@code hosted},
 * {@code apis: [chat, responses]}), through the real gateway (memory store: see ResponsesPassthroughTest for the
 * order of a slow store's write and the final event), to
 * a stub that speaks the Responses API: the target gets a stateless Responses body (the whole conversation as
 * input, {@code store: false}, its model, the output cap the budget reserved, hosted tools kept, the profile's
 * dropped parameters dropped); the answer passes through as it came, with the gateway's id, stored before the caller
 * sees its end; usage is settled from {@code input_tokens}/{@code output_tokens}. A sensitive turn 2 goes on-prem
 * through the bridge, and so does a fallback to a chat-only target.
 */
class NativeResponsesIT {

    static final String NINA_KEY = "sk-test-nina-natives";
    static final Price HOSTED_PRICE = Price.ofUsdPerMillion("1.10", "0.55", "4.40"); // policies/default.yaml

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
                .key(NINA_KEY, "nina", "natives")
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        onprem.close();
        hosted.close();
    }

    @BeforeEach
    void reset() {
        onprem.reset();
        hosted.reset();
    }

    static HttpResponse<String> post(String body) {
        return gateway.post("/v1/responses", GatewayHarness.ALICE_KEY, body);
    }

    static JsonNode json(String s) {
        return OpenAiStub.JSON.readTree(s);
    }

    static List<JsonNode> events(String sse) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                events.add(json(line.substring(6)));
            }
        }
        return events;
    }

    static String text(JsonNode response) {
        StringBuilder b = new StringBuilder();
        for (JsonNode item : response.path("output")) {
            for (JsonNode part : item.path("content")) {
                b.append(part.path("text").asString(""));
            }
        }
        return b.toString();
    }

    @Test
    void aTurnGoesNativeStatelessAndItsFollowUpCarriesTheWholeConversation() {
        HttpResponse<String> r = post("{\"model\":\"auto\",\"input\":\"Say hello.\",\"temperature\":0.5,"
                + "\"metadata\":{\"ticket\":\"T-1\"},\"tools\":[{\"type\":\"web_search\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).contains("hosted");
        assertThat(r.headers().firstValue(ResponsesReplyFilter.DROPPED_HEADER))
                .as("the native target runs its hosted tools")
                .isEmpty();
        JsonNode body = json(r.body());
        String id = body.path("id").asString();
        assertThat(id).startsWith("resp_").isNotEqualTo("resp_stub_hosted");
        assertThat(text(body)).isEqualTo("Hello from hosted");
        assertThat(body.path("store").asBoolean()).isTrue();
        assertThat(body.path("metadata").path("ticket").asString()).isEqualTo("T-1");
        assertThat(body.path("usage").path("input_tokens").asLong()).isEqualTo(OpenAiStub.PROMPT_TOKENS);

        OpenAiStub.Received sent = hosted.received().get(0);
        assertThat(sent.path()).isEqualTo("/v1/responses");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + GatewayHarness.HOSTED_KEY);
        JsonNode upstream = sent.body();
        assertThat(upstream.path("model").asString()).isEqualTo("o3-mini");
        assertThat(upstream.path("store").asBoolean(true)).isFalse();
        assertThat(upstream.path("max_output_tokens").asLong())
                .as("the cap the budget reserved")
                .isEqualTo(4096);
        assertThat(upstream.has("temperature")).as("openai-reasoning drops it").isFalse();
        assertThat(upstream.has("metadata"))
                .as("metadata stays with the gateway")
                .isFalse();
        assertThat(upstream.path("tools").get(0).path("type").asString()).isEqualTo("web_search");
        assertThat(upstream.path("input").get(0).path("content").asString()).isEqualTo("Say hello.");

        // the stored response is there as soon as the caller has the answer
        HttpResponse<String> got = gateway.get("/v1/responses/" + id, GatewayHarness.ALICE_KEY);
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        assertThat(text(json(got.body()))).isEqualTo("Hello from hosted");

        HttpResponse<String> second =
                post("{\"model\":\"auto\",\"previous_response_id\":\"" + id + "\",\"input\":\"And again.\"}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(json(second.body()).path("previous_response_id").asString()).isEqualTo(id);
        JsonNode turn2 = hosted.received().get(1).body();
        assertThat(turn2.has("previous_response_id")).as("stateless").isFalse();
        assertThat(turn2.path("store").asBoolean(true)).isFalse();
        JsonNode input = turn2.path("input");
        assertThat(input).hasSize(3);
        assertThat(input.get(0).path("content").asString()).isEqualTo("Say hello.");
        assertThat(input.get(1).path("role").asString()).isEqualTo("assistant");
        assertThat(input.get(1).path("content").get(0).path("text").asString()).isEqualTo("Hello from hosted");
        assertThat(input.get(1).has("id"))
                .as("the target never stored that item")
                .isFalse();
        assertThat(input.get(2).path("content").asString()).isEqualTo("And again.");
        assertThat(onprem.received()).isEmpty();
    }

    @Test
    void aStreamPassesEventByEventWithTheGatewaysIdAndIsStoredBeforeItEnds() {
        HttpResponse<String> r = post("{\"model\":\"auto\",\"input\":\"Say hello.\",\"stream\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(r.body()).contains("event: response.output_text.delta").doesNotContain("[DONE]");
        List<JsonNode> events = events(r.body());
        List<String> types = events.stream().map(e -> e.path("type").asString()).toList();
        assertThat(types)
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.content_part.added",
                        "response.output_text.delta",
                        "response.output_text.delta",
                        "response.output_text.delta",
                        "response.output_text.delta",
                        "response.output_text.delta",
                        "response.output_text.delta",
                        "response.output_text.delta",
                        "response.output_text.done",
                        "response.content_part.done",
                        "response.output_item.done",
                        "response.completed");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence_number").asLong()).isEqualTo(i);
        }
        String id = events.get(0).path("response").path("id").asString();
        assertThat(id).startsWith("resp_").isNotEqualTo("resp_stub_hosted");
        JsonNode completed = events.get(events.size() - 1).path("response");
        assertThat(completed.path("id").asString()).isEqualTo(id);
        assertThat(completed.path("usage").path("output_tokens").asLong()).isEqualTo(7);
        assertThat(hosted.received().get(0).body().path("stream").asBoolean()).isTrue();
        // written before response.completed left the gateway: a GET right after the stream finds it
        HttpResponse<String> got = gateway.get("/v1/responses/" + id, GatewayHarness.ALICE_KEY);
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        assertThat(text(json(got.body()))).isEqualTo("Hello from hosted! More words.");
    }

    @Test
    void openAiPythonCreatesPlainFollowsUpAndStreamsThroughToTheNativeTarget(@TempDir Path tmp) throws Exception {
        Path script = tmp.resolve("native.py");
        Files.writeString(script, """
                import json, sys, openai
                c = openai.OpenAI(base_url=sys.argv[1], api_key=sys.argv[2], max_retries=0)
                first = c.responses.create(model="auto", input="Say hello.", tools=[{"type": "web_search"}])
                second = c.responses.create(model="auto", input="And again.", previous_response_id=first.id)
                kinds, text, done = [], "", None
                for e in c.responses.create(model="auto", input="Stream it.", previous_response_id=second.id,
                                            stream=True):
                    kinds.append([e.type, e.sequence_number])
                    if e.type == "response.output_text.delta":
                        text += e.delta
                    if e.type == "response.completed":
                        done = e.response
                got = c.responses.retrieve(done.id)
                print(json.dumps({"first": first.output_text, "first_id": first.id, "second": second.output_text,
                                  "kinds": kinds, "text": text, "completed": done.output_text,
                                  "usage": done.usage.output_tokens, "retrieved": got.output_text}))
                """);
        Process p = new ProcessBuilder(
                        RealClientsIT.client("CLIENTS_PYTHON"),
                        "-W",
                        "ignore",
                        script.toString(),
                        gateway.baseUrl() + "/v1",
                        NINA_KEY)
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        JsonNode result = json(out.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(result.path("first").asString()).isEqualTo("Hello from hosted");
        assertThat(result.path("second").asString()).isEqualTo("Hello from hosted");
        assertThat(result.path("text").asString()).isEqualTo("Hello from hosted! More words.");
        assertThat(result.path("completed").asString()).isEqualTo("Hello from hosted! More words.");
        assertThat(result.path("retrieved").asString()).isEqualTo("Hello from hosted! More words.");
        assertThat(result.path("usage").asLong()).isEqualTo(7);
        JsonNode kinds = result.path("kinds");
        for (int i = 0; i < kinds.size(); i++) {
            assertThat(kinds.get(i).get(1).asLong()).isEqualTo(i);
        }
        assertThat(kinds.get(kinds.size() - 1).get(0).asString()).isEqualTo("response.completed");

        List<OpenAiStub.Received> calls = hosted.received();
        assertThat(calls).hasSize(3).allSatisfy(c -> assertThat(c.path()).isEqualTo("/v1/responses"));
        for (OpenAiStub.Received c : calls) {
            assertThat(c.body().path("store").asBoolean(true)).isFalse();
            assertThat(c.body().has("previous_response_id")).isFalse();
        }
        assertThat(calls.get(0).body().path("tools").get(0).path("type").asString())
                .isEqualTo("web_search");
        JsonNode third = calls.get(2).body().path("input");
        assertThat(third).as("the whole conversation, turn by turn").hasSize(5);
        assertThat(third.get(0).path("content").asString()).isEqualTo("Say hello.");
        assertThat(third.get(2).path("content").asString()).isEqualTo("And again.");
        assertThat(third.get(4).path("content").asString()).isEqualTo("Stream it.");
        assertThat(calls.get(2).body().path("stream").asBoolean()).isTrue();
        assertThat(onprem.received()).isEmpty();
    }

    @Test
    void usageIsSettledFromTheResponsesUsageExactly() {
        JsonNode before = spend("nina");
        HttpResponse<String> plain =
                gateway.post("/v1/responses", NINA_KEY, "{\"model\":\"auto\",\"input\":\"Say hello.\"}");
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        HttpResponse<String> streamed = gateway.post(
                "/v1/responses", NINA_KEY, "{\"model\":\"auto\",\"input\":\"Say hello.\",\"stream\":true}");
        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
        long in = 2L * OpenAiStub.PROMPT_TOKENS;
        long out = OpenAiStub.COMPLETION_TOKENS + 7; // the stream's response.completed reports 7 words
        long cost = 2 * HOSTED_PRICE.costMicros(OpenAiStub.PROMPT_TOKENS, 0, 7);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode after = spend("nina");
            assertThat(after.path("requests").asLong() - before.path("requests").asLong(0))
                    .isEqualTo(2);
            assertThat(after.path("reserved_micro_usd").asLong()).isZero();
            assertThat(after.path("input_tokens").asLong()
                            - before.path("input_tokens").asLong(0))
                    .isEqualTo(in);
            assertThat(after.path("output_tokens").asLong()
                            - before.path("output_tokens").asLong(0))
                    .isEqualTo(out);
            assertThat(after.path("spent_micro_usd").asLong()
                            - before.path("spent_micro_usd").asLong(0))
                    .isEqualTo(cost);
        });
    }

    static JsonNode spend(String user) {
        HttpResponse<String> r = gateway.get("/admin/spend", GatewayHarness.FINANCE_KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body()).path("users").path(user);
    }

    @Test
    void aPaymentCardInTurnTwosToolOutputMovesTheConversationOnPremThroughTheBridge() {
        String tools =
                "\"tools\":[{\"type\":\"function\",\"name\":\"lookup_order\",\"parameters\":{\"type\":\"object\","
                        + "\"properties\":{\"id\":{\"type\":\"string\"}}}},{\"type\":\"web_search\"}]";
        HttpResponse<String> first = post("{\"model\":\"auto\",\"input\":\"Look up order 42.\"," + tools + "}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-gateway-target")).contains("hosted");
        String id = json(first.body()).path("id").asString();
        hosted.reset();

        HttpResponse<String> second = post("{\"model\":\"auto\",\"previous_response_id\":\"" + id + "\"," + tools
                + ",\"input\":[{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"lookup_order\","
                + "\"arguments\":\"{\\\"id\\\":\\\"42\\\"}\"},{\"type\":\"function_call_output\",\"call_id\":\"call_1\","
                + "\"output\":\"paid with card 4111 1111 1111 1111\"}]}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(second.headers().firstValue(ResponsesReplyFilter.DROPPED_HEADER))
                .as("the bridged call left the hosted tool out")
                .hasValueSatisfying(v -> assertThat(v).contains("web_search"));
        assertThat(hosted.received())
                .as("nothing of this turn reached the hosted API")
                .isEmpty();
        OpenAiStub.Received got = onprem.received().get(0);
        assertThat(got.path()).endsWith("/chat/completions");
        String messages = got.body().path("messages").toString();
        assertThat(messages).contains("Look up order 42.", "Hello from hosted", "4111 1111 1111 1111");
        JsonNode answer = json(second.body());
        assertThat(answer.path("object").asString()).isEqualTo("response");
        assertThat(text(answer)).isEqualTo("Hello from onprem");
    }

    @Test
    void aFailingNativeTargetFallsBackToTheChatOnlyOneThroughTheBridge() {
        hosted.mode(OpenAiStub.Mode.FAIL_500);
        HttpResponse<String> plain =
                post("{\"model\":\"auto\",\"input\":\"Say hello.\",\"tools\":[{\"type\":\"web_search\"}]}");
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        assertThat(plain.headers().firstValue("x-gateway-target")).contains("onprem");
        assertThat(plain.headers().firstValue(ResponsesReplyFilter.DROPPED_HEADER))
                .hasValueSatisfying(v -> assertThat(v).contains("web_search"));
        assertThat(text(json(plain.body()))).isEqualTo("Hello from onprem");
        assertThat(hosted.received().get(0).path()).isEqualTo("/v1/responses");
        assertThat(onprem.received().get(0).path()).endsWith("/chat/completions");

        HttpResponse<String> streamed = post("{\"model\":\"auto\",\"input\":\"Say hello.\",\"stream\":true}");
        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
        List<JsonNode> events = events(streamed.body());
        assertThat(events.get(events.size() - 1).path("type").asString()).isEqualTo("response.completed");
        assertThat(text(events.get(events.size() - 1).path("response"))).isEqualTo("Hello from onprem! More words.");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence_number").asLong()).isEqualTo(i);
        }
    }

    @Test
    void whenEveryTargetFailsTheCallerGetsAnOpenAiShapedError() {
        hosted.mode(OpenAiStub.Mode.FAIL_500);
        onprem.mode(OpenAiStub.Mode.FAIL_500);
        HttpResponse<String> r = post("{\"model\":\"auto\",\"input\":\"Say hello.\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        JsonNode error = json(r.body()).path("error");
        assertThat(error.path("message").asString()).contains("onprem");
        assertThat(error.path("type").asString()).isNotEmpty();
        assertThat(hosted.received().get(0).path()).isEqualTo("/v1/responses");
    }

    @Test
    void aRedactedValueIsRestoredInTheStreamedText() {
        try (OpenAiStub echoing = OpenAiStub.start("hosted").echo(true);
                GatewayHarness g = GatewayHarness.builder()
                        .onprem(onprem)
                        .hosted(echoing)
                        .policyFixture("redact-emails.yaml")
                        .start()) {
            HttpResponse<String> r = g.post(
                    "/v1/responses",
                    GatewayHarness.ALICE_KEY,
                    "{\"model\":\"auto\",\"stream\":true,\"input\":\"Write to jane.doe@acme-corp.io today\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-gateway-rule")).contains("emails-redacted");
            String sentInput = echoing.received().get(0).body().path("input").toString();
            assertThat(echoing.received().get(0).path()).isEqualTo("/v1/responses");
            assertThat(sentInput).doesNotContain("jane.doe@acme-corp.io").contains("[EMAIL_");
            List<JsonNode> events = events(r.body());
            StringBuilder deltas = new StringBuilder();
            for (int i = 0; i < events.size(); i++) {
                JsonNode e = events.get(i);
                assertThat(e.path("sequence_number").asLong()).isEqualTo(i);
                if (e.path("type").asString().equals("response.output_text.delta")) {
                    deltas.append(e.path("delta").asString());
                }
            }
            String expected = "You said: Write to jane.doe@acme-corp.io today";
            assertThat(deltas.toString()).isEqualTo(expected);
            JsonNode done = events.stream()
                    .filter(e -> e.path("type").asString().equals("response.output_text.done"))
                    .findFirst()
                    .orElseThrow();
            assertThat(done.path("text").asString()).isEqualTo(expected);
            assertThat(text(events.get(events.size() - 1).path("response"))).isEqualTo(expected);

            HttpResponse<String> plain = g.post(
                    "/v1/responses",
                    GatewayHarness.ALICE_KEY,
                    "{\"model\":\"auto\",\"input\":\"Write to jane.doe@acme-corp.io today\"}");
            assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
            assertThat(echoing.received().get(1).body().toString()).doesNotContain("jane.doe@acme-corp.io");
            assertThat(text(json(plain.body()))).isEqualTo(expected);
        }
    }
}
