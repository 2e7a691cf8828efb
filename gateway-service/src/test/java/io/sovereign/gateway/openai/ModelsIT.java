package io.sovereign.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.OpenAiStub;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/models} in both wire shapes, and the shipped policy's aliases end to end: a tool's default model
 * name is decided as {@code auto}, an unknown name still gets 404, and explain says which alias applied.
 */
class ModelsIT {

    static OpenAiStub onprem;
    static OpenAiStub hosted;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        onprem = OpenAiStub.start("onprem");
        hosted = OpenAiStub.start("hosted").oSeries(true);
        gateway = GatewayHarness.builder().onprem(onprem).hosted(hosted).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        onprem.close();
        hosted.close();
    }

    static JsonNode json(HttpResponse<String> r) {
        return OpenAiStub.JSON.readTree(r.body());
    }

    static JsonNode byId(JsonNode data, String id) {
        for (JsonNode m : data) {
            if (m.path("id").asString().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("no model '" + id + "' in " + data);
    }

    @Test
    void openAiShapeListsTheNamesAndTheAliasesWithWhatTheyResolveTo() {
        HttpResponse<String> r = gateway.get("/v1/models", GatewayHarness.ALICE_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("object").asString()).isEqualTo("list");
        assertThat(byId(body.path("data"), "o3-mini").path("owned_by").asString())
                .isEqualTo("hosted");
        assertThat(byId(body.path("data"), "o3-mini").has("alias_of")).isFalse();
        JsonNode alias = byId(body.path("data"), "claude-opus-5-5*");
        assertThat(alias.path("alias_of").asString()).isEqualTo("auto");
        assertThat(alias.path("object").asString()).isEqualTo("model");
        assertThat(byId(body.path("data"), "gpt-5-codex*").path("alias_of").asString())
                .isEqualTo("auto");
    }

    @Test
    void anthropicVersionHeaderGetsTheAnthropicShape() {
        HttpResponse<String> r = gateway.send(gateway.request("/v1/models", GatewayHarness.ALICE_KEY)
                .header("anthropic-version", "2023-06-01")
                .GET()
                .build());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.has("object")).isFalse();
        assertThat(body.path("has_more").isBoolean()).isTrue();
        assertThat(body.path("has_more").asBoolean()).isFalse();
        JsonNode data = body.path("data");
        assertThat(body.path("first_id").asString())
                .isEqualTo(data.get(0).path("id").asString());
        assertThat(body.path("last_id").asString())
                .isEqualTo(data.get(data.size() - 1).path("id").asString());
        for (JsonNode m : data) {
            assertThat(m.propertyNames()).containsExactlyInAnyOrder("type", "id", "display_name", "created_at");
            assertThat(m.path("type").asString()).isEqualTo("model");
            assertThat(m.path("created_at").asString()).isEqualTo("1970-01-01T00:00:00Z");
        }
        assertThat(byId(data, "claude-opus-5-5*").path("display_name").asString())
                .isEqualTo("claude-opus-5-5* (alias of auto)");
    }

    @Test
    void aToolsDefaultModelIsDecidedAsAutoAndAnUnknownNameIs404() {
        hosted.reset();
        HttpResponse<String> r = gateway.post(
                "/v1/chat/completions",
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"claude-opus-5-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Name three rivers in Europe.\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-gateway-target")).hasValue("hosted");
        assertThat(hosted.received()).singleElement().satisfies(got -> assertThat(
                        got.body().path("model").asString())
                .isEqualTo("o3-mini"));
        HttpResponse<String> unknown = gateway.post(
                "/v1/chat/completions",
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"claude-instant-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").path("code").asString()).isEqualTo("model_not_found");
    }

    @Test
    void explainSaysWhichAliasAModelNameResolvedThrough() {
        HttpResponse<String> r = gateway.post(
                "/admin/policy/explain",
                GatewayHarness.ADMIN_KEY,
                "{\"model\":\"gpt-5-codex\",\"messages\":[{\"role\":\"user\",\"content\":\"Card 4111 1111 1111 1111\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("requested_model").asString()).isEqualTo("gpt-5-codex");
        assertThat(body.path("model_alias").path("pattern").asString()).isEqualTo("gpt-5-codex*");
        assertThat(body.path("model_alias").path("resolves_to").asString()).isEqualTo("auto");
        assertThat(body.path("target").asString()).isEqualTo("onprem");
        assertThat(body.path("notes").toString()).contains("is an alias of 'auto'");
    }

    @Test
    void explainReadsAMessagesBodyWithItsOwnFrontEnd() {
        String publicTurn = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":32000,\"system\":[{\"type\":\"text\","
                + "\"text\":\"You are Claude Code.\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Name three rivers in Europe.\"}]}";
        JsonNode pub = json(gateway.post("/admin/policy/explain?api=messages", GatewayHarness.ADMIN_KEY, publicTurn));
        assertThat(pub.path("api").asString()).isEqualTo("messages");
        assertThat(pub.path("level").asString()).isEqualTo("public");
        assertThat(pub.path("target").asString()).isEqualTo("hosted");

        // the card sits in a tool_result block: the front-end's content covers it, so explain says on-prem
        String toolResult = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":1024,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Look the customer up.\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"lookup\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
                + "\"content\":\"card 4111 1111 1111 1111\"}]}]}";
        JsonNode card = json(gateway.post("/admin/policy/explain?api=messages", GatewayHarness.ADMIN_KEY, toolResult));
        assertThat(card.path("api").asString()).isEqualTo("messages");
        assertThat(card.path("target").asString()).isEqualTo("onprem");
        assertThat(card.path("detectors").has("payment-card")).isTrue();
    }

    @Test
    void explainReadsAResponsesBodyWithItsOwnFrontEnd() {
        String body = "{\"model\":\"gpt-5-codex\",\"input\":[{\"type\":\"function_call\",\"call_id\":\"c1\","
                + "\"name\":\"lookup\",\"arguments\":\"{}\"},{\"type\":\"function_call_output\",\"call_id\":\"c1\","
                + "\"output\":\"card 4111 1111 1111 1111\"}]}";
        JsonNode r = json(gateway.post("/admin/policy/explain?api=responses", GatewayHarness.ADMIN_KEY, body));
        assertThat(r.path("api").asString()).isEqualTo("responses");
        assertThat(r.path("target").asString()).isEqualTo("onprem");
        assertThat(r.path("detectors").has("payment-card")).isTrue();
    }

    @Test
    void explainRefusesAnUnknownApi() {
        HttpResponse<String> r = gateway.post("/admin/policy/explain?api=soap", GatewayHarness.ADMIN_KEY, "{}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").path("param").asString()).isEqualTo("api");
    }
}
