package io.sovereign.gateway.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.pipeline.ClassifyFilter;
import io.sovereign.gateway.pipeline.QuotaFilter;
import io.sovereign.gateway.quota.TokenCounter;
import io.sovereign.gateway.request.Endpoint;
import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.OpenAiStub;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/messages/count_tokens} through the gateway, and Anthropic-shaped errors on every {@code /v1/messages}
 * path, whoever renders them (the gateway's error renderer, Spring Security's 401 and 403). Nothing reaches a target.
 */
class CountTokensIT {

    static OpenAiStub upstream;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        upstream = OpenAiStub.start("upstream");
        gateway = GatewayHarness.builder()
                .onprem(upstream)
                .hosted(upstream)
                .property("gateway.limits.max-body-size", "64KB")
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    static HttpResponse<String> count(String key, String body) {
        return gateway.post("/v1/messages/count_tokens", key, body);
    }

    /** What the quota and budget stages count for this chat-completions body. */
    static long chargedAsChat(String chatBody) {
        ObjectNode chat = (ObjectNode) Json.LENIENT.readTree(chatBody);
        return QuotaFilter.promptTokens(
                new TokenCounter(), ClassifyFilter.segments(RequestParser.of(Endpoint.CHAT_COMPLETIONS, chat)));
    }

    static void assertAnthropicError(HttpResponse<String> r, int status, String type, String messagePart) {
        assertThat(r.statusCode()).isEqualTo(status);
        JsonNode body = Json.LENIENT.readTree(r.body());
        assertThat(body.path("type").asString()).as(r.body()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).as(r.body()).isEqualTo(type);
        assertThat(body.path("error").path("message").asString()).as(r.body()).contains(messagePart);
        assertThat(body.size()).as("only type and error: %s", r.body()).isEqualTo(2);
    }

    @Test
    void countsTheMessagesAsTheBudgetCountsTheSameChatRequest() {
        HttpResponse<String> r = count(
                GatewayHarness.ALICE_KEY,
                "{\"model\":\"claude-haiku-4-5-20251001\",\"system\":\"Be brief.\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"How many moons does Mars have?\"},"
                        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Two: Phobos and Deimos.\"}]},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Which is larger?\",\"cache_control\":{\"type\":\"ephemeral\"}}]}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        long expected = chargedAsChat(
                "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                        + "{\"role\":\"user\",\"content\":\"How many moons does Mars have?\"},"
                        + "{\"role\":\"assistant\",\"content\":\"Two: Phobos and Deimos.\"},{\"role\":\"user\",\"content\":\"Which is larger?\"}]}");
        assertThat(Json.LENIENT.readTree(r.body()))
                .isEqualTo(Json.LENIENT.readTree("{\"input_tokens\":" + expected + "}"));
        assertThat(expected).isGreaterThan(20);
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void toolDefinitionsCount() {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]";
        String tool = "\"tools\":[{\"name\":\"get_weather\",\"description\":\"Current weather for a city\","
                + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}]";
        long without = Json.LENIENT
                .readTree(count(GatewayHarness.ALICE_KEY, "{\"model\":\"auto\"," + messages + "}")
                        .body())
                .path("input_tokens")
                .asLong();
        HttpResponse<String> with =
                count(GatewayHarness.ALICE_KEY, "{\"model\":\"auto\"," + messages + "," + tool + "}");
        assertThat(with.statusCode()).as(with.body()).isEqualTo(200);
        long withTools = Json.LENIENT.readTree(with.body()).path("input_tokens").asLong();
        assertThat(withTools).isGreaterThan(without + 5);
        assertThat(withTools)
                .isEqualTo(
                        chargedAsChat(
                                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],"
                                        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Current weather for a city\","
                                        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]}"));
    }

    @Test
    void theModelMustExistAsForThePostAfterTheAliases() {
        String messages = ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertAnthropicError(
                count(GatewayHarness.ALICE_KEY, "{\"model\":\"claude-sonnet-0-1\"" + messages),
                404,
                "not_found_error",
                "The model 'claude-sonnet-0-1' does not exist");
        for (String model : new String[] {"claude-opus-5-5", "claude-haiku-4-5-20251001", "auto", "gpt-oss-20b"}) {
            HttpResponse<String> r = count(GatewayHarness.ALICE_KEY, "{\"model\":\"" + model + "\"" + messages);
            assertThat(r.statusCode()).as(model + ": " + r.body()).isEqualTo(200);
        }
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void aBadBodyIsAnAnthropicInvalidRequestNamingTheField() {
        assertAnthropicError(
                count(GatewayHarness.ALICE_KEY, "{\"model\":\"m\"}"),
                400,
                "invalid_request_error",
                "messages: Field required.");
        assertAnthropicError(
                count(GatewayHarness.ALICE_KEY, "{\"model\":\"m\","), 400, "invalid_request_error", "not valid JSON");
        assertAnthropicError(count(GatewayHarness.ALICE_KEY, ""), 400, "invalid_request_error", "body is empty");
        assertAnthropicError(
                count(
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"),
                400,
                "invalid_request_error",
                "messages.0.role");
    }

    @Test
    void tooLargeIsAnthropicRequestTooLarge() {
        String big = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(70_000) + "\"}]}";
        assertAnthropicError(
                count(GatewayHarness.ALICE_KEY, big),
                413,
                "request_too_large",
                "exceeds the gateway's limit of 65536 bytes");
    }

    @Test
    void authenticationAndPermissionErrorsAreAnthropicShaped() {
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertAnthropicError(count(null, body), 401, "authentication_error", "You didn't provide an API key");
        assertAnthropicError(count("sk-not-a-key", body), 401, "authentication_error", "Incorrect API key provided");
        assertAnthropicError(
                count(GatewayHarness.NO_ROLE_KEY, body),
                403,
                "permission_error",
                "lack the role 'gateway-user' needed for /v1/messages/count_tokens");
        // the same refusals on /v1/messages itself, which the POST wiring will serve
        assertAnthropicError(
                gateway.post("/v1/messages?beta=true", null, body), 401, "authentication_error", "API key");
        // and an OpenAI path keeps OpenAI's shape
        HttpResponse<String> chat = gateway.post("/v1/chat/completions", null, "{}");
        assertThat(Json.LENIENT.readTree(chat.body()).path("error").path("type").asString())
                .isEqualTo("invalid_request_error");
    }

    @Test
    void anUnservedMessagesPathAndMethodAreAnthropicShaped() {
        assertAnthropicError(
                gateway.post("/v1/messages/batches", GatewayHarness.ALICE_KEY, "{}"),
                404,
                "not_found_error",
                "Unknown path");
        HttpResponse<String> get = gateway.get("/v1/messages/count_tokens", GatewayHarness.ALICE_KEY);
        assertThat(get.statusCode()).isIn(404, 405);
        assertAnthropicError(
                get, get.statusCode(), get.statusCode() == 404 ? "not_found_error" : "invalid_request_error", "");
    }

    @Test
    void formContentIsAnAnthropicError() {
        HttpResponse<String> r = gateway.send(gateway.request("/v1/messages/count_tokens", GatewayHarness.ALICE_KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("a=b"))
                .build());
        // the handler reads raw bytes: a non-JSON body is a 400 from the parser, in Anthropic's shape
        assertAnthropicError(r, 400, "invalid_request_error", "not valid JSON");
    }
}
