package io.sovereign.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The error shape follows the path: Anthropic's for the Messages API, OpenAI's elsewhere, same status and message. */
class ErrorShapesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode json(byte[] b) {
        return JSON.readTree(b);
    }

    @Test
    void pathsChooseTheShape() {
        for (String p : List.of("/v1/messages", "/v1/messages/count_tokens", "/v1/messages/batches/x")) {
            assertThat(ErrorResponses.shapeFor(p)).as(p).isEqualTo(ErrorResponses.Shape.ANTHROPIC);
        }
        for (String p : List.of(
                "/v1/chat/completions", "/v1/responses/resp_1", "/v1/messagesX", "/v1/models", "/admin/spend", "")) {
            assertThat(ErrorResponses.shapeFor(p)).as(p).isEqualTo(ErrorResponses.Shape.OPENAI);
        }
        assertThat(ErrorResponses.shapeFor(null)).isEqualTo(ErrorResponses.Shape.OPENAI);
    }

    @Test
    void everyGatewayErrorHasItsAnthropicType() {
        record Case(GatewayError error, String type) {}
        List<Case> cases = List.of(
                new Case(
                        new GatewayError.InvalidRequest("messages: Field required.", "messages"),
                        "invalid_request_error"),
                new Case(
                        new GatewayError.Unauthenticated("invalid_api_key", "Incorrect API key provided."),
                        "authentication_error"),
                new Case(new GatewayError.Forbidden("missing_role", "You lack the role."), "permission_error"),
                new Case(
                        new GatewayError.NotFound("model_not_found", "The model 'x' does not exist.", "model"),
                        "not_found_error"),
                new Case(new GatewayError.PayloadTooLarge(1024), "request_too_large"),
                new Case(
                        new GatewayError.RateLimited(
                                "rate_limit_exceeded", "user 'alice' reached 60 requests per minute", 12),
                        "rate_limit_error"),
                new Case(
                        new GatewayError.RateLimited("insufficient_quota", "team 'legal' monthly budget is spent", 60),
                        "rate_limit_error"),
                new Case(new GatewayError.UpstreamFailed("Target 'onprem' answered 500."), "api_error"),
                new Case(
                        new GatewayError.Unavailable("target_unavailable", "Target 'hosted' is not configured."),
                        "overloaded_error"),
                new Case(new GatewayError.Internal("req-1"), "api_error"));
        for (Case c : cases) {
            JsonNode anthropic = json(ErrorResponses.body("/v1/messages", c.error()));
            assertThat(anthropic.path("type").asString()).isEqualTo("error");
            assertThat(anthropic.path("error").path("type").asString())
                    .as(c.error().getMessage())
                    .isEqualTo(c.type());
            assertThat(anthropic.path("error").path("message").asString())
                    .isEqualTo(c.error().getMessage());
            JsonNode openAi = json(ErrorResponses.body("/v1/chat/completions", c.error()));
            assertThat(openAi.path("error").path("message").asString())
                    .isEqualTo(c.error().getMessage());
            assertThat(openAi.path("error").path("type").asString())
                    .isEqualTo(c.error().type());
        }
    }

    @Test
    void anUpstreamErrorTakesTheShapeOfTheCallersApi() {
        byte[] openAi = ErrorBody.of(
                "This model's maximum context length is 512 tokens.",
                "invalid_request_error",
                "context_length_exceeded",
                "messages");
        assertThat(json(ErrorResponses.upstreamError("/v1/messages", 400, openAi)))
                .isEqualTo(
                        JSON.readTree(
                                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"This model's maximum context length is 512 tokens.\"}}"));
        assertThat(ErrorResponses.upstreamError("/v1/chat/completions", 400, openAi))
                .isSameAs(openAi);
        assertThat(ErrorResponses.upstreamError("/v1/responses", 400, openAi)).isSameAs(openAi);
        byte[] notJson = "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8);
        assertThat(json(ErrorResponses.upstreamError("/v1/messages/count_tokens", 502, notJson)))
                .isEqualTo(
                        JSON.readTree(
                                "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"The request failed with HTTP status 502.\"}}"));
    }
}
