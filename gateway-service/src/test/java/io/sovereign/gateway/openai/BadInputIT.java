package io.sovereign.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.testsupport.GatewayHarness;
import io.sovereign.gateway.testsupport.GatewayTest;
import io.sovereign.gateway.testsupport.OpenAiStub;
import io.sovereign.gateway.testsupport.Stub;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every kind of bad input gets an OpenAI-shaped error with the right status and a message a person can act on. */
@GatewayTest(stubs = GatewayTest.Stubs.SHARED, properties = "gateway.limits.max-body-size=64KB")
class BadInputIT {

    @Stub("upstream")
    static OpenAiStub upstream;

    static GatewayHarness gateway;

    static Stream<Arguments> cases() {
        String big =
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(70_000) + "\"}]}";
        return Stream.of(
                // name, path, content type, key, body, status, type, code, param, message fragment
                Arguments.of(
                        "malformed JSON",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"auto\",",
                        400,
                        "invalid_request_error",
                        null,
                        null,
                        "could not parse the JSON body"),
                Arguments.of(
                        "body is an array",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "[1,2]",
                        400,
                        "invalid_request_error",
                        null,
                        null,
                        "must be a JSON object"),
                Arguments.of(
                        "empty body",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "",
                        400,
                        "invalid_request_error",
                        null,
                        null,
                        "body is empty"),
                Arguments.of(
                        "missing messages",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"auto\"}",
                        400,
                        "invalid_request_error",
                        null,
                        "messages",
                        "Missing required parameter: 'messages'"),
                Arguments.of(
                        "messages not an array",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"auto\",\"messages\":\"hi\"}",
                        400,
                        "invalid_request_error",
                        null,
                        "messages",
                        "expected an array"),
                Arguments.of(
                        "empty messages",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"auto\",\"messages\":[]}",
                        400,
                        "invalid_request_error",
                        null,
                        "messages",
                        "empty array"),
                Arguments.of(
                        "bad role",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"auto\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}",
                        400,
                        "invalid_request_error",
                        null,
                        "messages[0].role",
                        "Invalid value: 'wizard'"),
                Arguments.of(
                        "content wrong type",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":42}]}",
                        400,
                        "invalid_request_error",
                        null,
                        "messages[0].content",
                        "expected a string or an array"),
                Arguments.of(
                        "missing model",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                        400,
                        "invalid_request_error",
                        null,
                        "model",
                        "Missing required parameter: 'model'"),
                Arguments.of(
                        "model wrong type",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                        400,
                        "invalid_request_error",
                        null,
                        "model",
                        "expected a non-empty string"),
                Arguments.of(
                        "stream wrong type",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"auto\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                        400,
                        "invalid_request_error",
                        null,
                        "stream",
                        "expected a boolean"),
                Arguments.of(
                        "max_tokens negative",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"auto\",\"max_tokens\":-5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                        400,
                        "invalid_request_error",
                        null,
                        "max_tokens",
                        "Expected a value >= 1"),
                Arguments.of(
                        "temperature out of range",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"auto\",\"temperature\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                        400,
                        "invalid_request_error",
                        null,
                        "temperature",
                        "between 0 and 2"),
                Arguments.of(
                        "unknown model",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                        404,
                        "invalid_request_error",
                        "model_not_found",
                        "model",
                        "The model 'gpt-9' does not exist"),
                Arguments.of(
                        "unknown embedding model",
                        "/v1/embeddings",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"gpt-9\",\"input\":\"x\"}",
                        404,
                        "invalid_request_error",
                        "model_not_found",
                        "model",
                        "embedding model 'gpt-9'"),
                Arguments.of(
                        "embeddings without input",
                        "/v1/embeddings",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"auto\"}",
                        400,
                        "invalid_request_error",
                        null,
                        "input",
                        "Missing required parameter: 'input'"),
                Arguments.of(
                        "body over the limit",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        big,
                        413,
                        "invalid_request_error",
                        "request_too_large",
                        null,
                        "exceeds the gateway's limit of 65536 bytes"),
                Arguments.of(
                        "form content type",
                        "/v1/chat/completions",
                        "application/x-www-form-urlencoded",
                        GatewayHarness.ALICE_KEY,
                        "model=auto",
                        415,
                        "invalid_request_error",
                        "unsupported_media_type",
                        null,
                        "send 'application/json'"),
                Arguments.of(
                        "no key",
                        "/v1/chat/completions",
                        "application/json",
                        null,
                        "{}",
                        401,
                        "invalid_request_error",
                        "invalid_api_key",
                        null,
                        "You didn't provide an API key"),
                Arguments.of(
                        "unknown key",
                        "/v1/chat/completions",
                        "application/json",
                        "sk-not-a-key",
                        "{}",
                        401,
                        "invalid_request_error",
                        "invalid_api_key",
                        null,
                        "Incorrect API key provided"),
                Arguments.of(
                        "key without the user role",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.NO_ROLE_KEY,
                        "{}",
                        403,
                        "permission_error",
                        "missing_role",
                        null,
                        "lack the role 'gateway-user'"),
                Arguments.of(
                        "integer beyond 64 bits",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"auto\",\"seed\":123456789012345678901234567890,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                        400,
                        "invalid_request_error",
                        null,
                        "seed",
                        "integers must fit in 64 bits"),
                Arguments.of(
                        "max_tokens beyond 32 bits",
                        "/v1/chat/completions",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"auto\",\"max_tokens\":4611686018427387904,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                        400,
                        "invalid_request_error",
                        null,
                        "max_tokens",
                        "integer above maximum value"),
                Arguments.of(
                        "token array with a non-token id",
                        "/v1/embeddings",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"auto\",\"input\":[1,2,99999999]}",
                        400,
                        "invalid_request_error",
                        null,
                        "input",
                        "99999999 is not a token id"),
                Arguments.of(
                        "token arrays with a negative id",
                        "/v1/embeddings",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{\"model\":\"auto\",\"input\":[[1,2],[-3]]}",
                        400,
                        "invalid_request_error",
                        null,
                        "input",
                        "-3 is not a token id"),
                Arguments.of(
                        "unknown path",
                        "/v1/completions-nope",
                        "application/json",
                        GatewayHarness.ALICE_KEY,
                        "{}",
                        404,
                        "invalid_request_error",
                        "not_found",
                        null,
                        "Unknown path"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsAClearOpenAiError(
            String name,
            String path,
            String contentType,
            String key,
            String body,
            int status,
            String type,
            String code,
            String param,
            String message) {
        HttpRequest.Builder b = gateway.request(path, key)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = gateway.send(b.build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode error = OpenAiStub.JSON.readTree(r.body()).get("error");
        assertThat(error).as(r.body()).isNotNull();
        assertThat(error.get("type").asString()).isEqualTo(type);
        assertThat(error.get("message").asString()).contains(message);
        assertThat(error.get("code").isNull() ? null : error.get("code").asString())
                .isEqualTo(code);
        assertThat(error.get("param").isNull() ? null : error.get("param").asString())
                .isEqualTo(param);
        assertThat(r.body()).doesNotContain("Exception", "at io.", "Whitelabel");
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        if (status == 401) {
            assertThat(r.headers().firstValue("www-authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            if (key != null) {
                assertThat(r.body()).doesNotContain(key);
            }
        }
        assertThat(upstream.received()).isEmpty();
    }
}
