package io.sovereign.gateway.messages;

import static io.sovereign.gateway.messages.Json.assertJsonEquals;
import static io.sovereign.gateway.messages.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.error.AnthropicErrors;
import io.sovereign.gateway.error.ErrorBody;
import io.sovereign.gateway.error.GatewayError;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AnthropicErrorsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "400,invalid_request_error",
        "401,authentication_error",
        "402,billing_error",
        "403,permission_error",
        "404,not_found_error",
        "405,invalid_request_error",
        "413,request_too_large",
        "415,invalid_request_error",
        "422,invalid_request_error",
        "429,rate_limit_error",
        "500,api_error",
        "502,api_error",
        "503,overloaded_error",
        "504,timeout_error",
        "529,overloaded_error"
    })
    void statusToType(int status, String type) {
        assertThat(AnthropicErrors.typeFor(status)).isEqualTo(type);
    }

    /** The gateway's own refusals, rendered as it renders them for chat, keep their status and message. */
    static Stream<Arguments> gatewayErrors() {
        return Stream.of(
                Arguments.of(
                        new GatewayError.Unauthenticated("invalid_api_key", "The API key is not valid."),
                        "authentication_error"),
                Arguments.of(
                        new GatewayError.Forbidden(
                                "policy_denied", "Rule 'no-hr-data' denies requests at level restricted."),
                        "permission_error"),
                Arguments.of(
                        new GatewayError.NotFound("model_not_found", "The model 'claude-x' does not exist.", "model"),
                        "not_found_error"),
                Arguments.of(new GatewayError.PayloadTooLarge(1048576), "request_too_large"),
                Arguments.of(
                        new GatewayError.RateLimited(
                                "insufficient_quota", "Team 'legal' monthly budget of $500.00 is spent.", 3600),
                        "rate_limit_error"),
                Arguments.of(new GatewayError.UpstreamFailed("The on-prem target answered 500."), "api_error"),
                Arguments.of(
                        new GatewayError.Unavailable(
                                "target_unavailable", "Target 'hosted' has no API key: set OPENAI_API_KEY."),
                        "overloaded_error"),
                Arguments.of(
                        new GatewayError.UpstreamTimeout("The target did not answer within 60 s."), "timeout_error"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("gatewayErrors")
    void convertsTheGatewaysOpenAiShapedErrors(GatewayError error, String type) {
        var body = AnthropicErrors.fromOpenAi(error.status().value(), ErrorBody.of(error));
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).isEqualTo(type);
        assertThat(body.path("error").path("message").asString()).isEqualTo(error.getMessage());
        assertThat(body.properties()).hasSize(2);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "{\"error\":\"model not loaded\"}|model not loaded",
                "<html>Bad Gateway</html>|The request failed with HTTP status 502.",
                "{\"detail\":\"x\"}|The request failed with HTTP status 502.",
                "{\"error\":{\"message\":\"\"}}|The request failed with HTTP status 502."
            })
    void bodiesInOtherShapesStillGiveAValidError(String body, String message) {
        assertJsonEquals(
                AnthropicErrors.fromOpenAi(502, body.getBytes(StandardCharsets.UTF_8)),
                "{'type':'error','error':{'type':'api_error','message':'" + message + "'}}");
    }

    @Test
    void emptyBody() {
        assertThat(AnthropicErrors.fromOpenAi(503, new byte[0])
                        .path("error")
                        .path("message")
                        .asString())
                .isEqualTo("The request failed with HTTP status 503.");
    }

    @Test
    void invalidRequestBodyAndBytes() {
        var e = new InvalidMessagesRequest("max_tokens", "Field required.");
        byte[] bytes = AnthropicErrors.bytes(AnthropicErrors.body(e.type(), e.getMessage()));
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: Field required.\"}}");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "{'message':'m','code':429}|rate_limit_error",
                "{'message':'m','type':'server_error','code':'overloaded'}|overloaded_error",
                "{'message':'m','type':'service_unavailable'}|overloaded_error",
                "{'message':'m','type':'insufficient_quota'}|rate_limit_error",
                "{'message':'m','code':'upstream_timeout'}|timeout_error",
                "{'message':'m','type':'server_error'}|api_error",
                "{'message':'m'}|api_error"
            })
    void inStreamErrorTypes(String error, String type) {
        assertThat(AnthropicErrors.typeForOpenAiError(obj(error))).isEqualTo(type);
    }
}
