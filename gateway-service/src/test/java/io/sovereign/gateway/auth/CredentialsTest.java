package io.sovereign.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which credential a /v1 call presents, from its Authorization and x-api-key headers. */
class CredentialsTest {

    static final String KEY = "sk-test-alice-engineering";
    static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln-_bmF0dXJl";

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("bearer", List.of("Bearer " + KEY), null, KEY),
                Arguments.of("bearer, any case", List.of("bEARER " + KEY), null, KEY),
                Arguments.of("x-api-key", null, List.of(KEY), KEY),
                Arguments.of("both, the same key", List.of("Bearer " + KEY), List.of(KEY), KEY),
                Arguments.of("a JWT in x-api-key", null, List.of(JWT), JWT),
                Arguments.of("base64 padding", List.of("Bearer abc+/=="), null, "abc+/=="),
                Arguments.of("the same header twice", List.of("Bearer " + KEY, "Bearer " + KEY), List.of(), KEY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void presentsOneToken(String name, List<String> authorization, List<String> apiKey, String token) {
        assertThat(Credentials.token(authorization, apiKey)).isEqualTo(token);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // name, Authorization, x-api-key, code, challenge, message fragment
                Arguments.of(
                        "nothing", null, null, "invalid_api_key", "invalid_request", "You didn't provide an API key"),
                Arguments.of(
                        "empty lists",
                        List.of(),
                        List.of(),
                        "invalid_api_key",
                        "invalid_request",
                        "'x-api-key: YOUR_KEY'"),
                Arguments.of(
                        "basic auth",
                        List.of("Basic YWxpY2U6cHc="),
                        null,
                        "invalid_api_key",
                        "invalid_token",
                        "must be 'Bearer YOUR_KEY'"),
                Arguments.of(
                        "bearer without a token",
                        List.of("Bearer "),
                        null,
                        "invalid_token",
                        "invalid_token",
                        "Bearer token is malformed"),
                Arguments.of(
                        "bearer glued to the token",
                        List.of("Bearer" + KEY),
                        null,
                        "invalid_token",
                        "invalid_token",
                        "malformed"),
                Arguments.of(
                        "two spaces", List.of("Bearer  " + KEY), null, "invalid_token", "invalid_token", "malformed"),
                Arguments.of(
                        "a space inside",
                        List.of("Bearer sk one"),
                        null,
                        "invalid_token",
                        "invalid_token",
                        "malformed"),
                Arguments.of(
                        "padding in the middle",
                        List.of("Bearer ab=cd"),
                        null,
                        "invalid_token",
                        "invalid_token",
                        "malformed"),
                Arguments.of(
                        "two different bearers",
                        List.of("Bearer a", "Bearer b"),
                        null,
                        "invalid_api_key",
                        "invalid_request",
                        "more than one Authorization"),
                Arguments.of(
                        "empty x-api-key",
                        null,
                        List.of(""),
                        "invalid_api_key",
                        "invalid_request",
                        "x-api-key header is empty"),
                Arguments.of(
                        "x-api-key with a scheme",
                        null,
                        List.of("Bearer " + KEY),
                        "invalid_api_key",
                        "invalid_token",
                        "the key alone"),
                Arguments.of(
                        "two different x-api-keys",
                        null,
                        List.of("a", "b"),
                        "invalid_api_key",
                        "invalid_request",
                        "more than one x-api-key"),
                Arguments.of(
                        "both, disagreeing",
                        List.of("Bearer " + KEY),
                        List.of("sk-test-bob-legal"),
                        "invalid_api_key",
                        "invalid_request",
                        "two different credentials"),
                Arguments.of(
                        "a JWT and a key",
                        List.of("Bearer " + JWT),
                        List.of(KEY),
                        "invalid_api_key",
                        "invalid_request",
                        "send one"),
                Arguments.of(
                        "malformed bearer beside a good key",
                        List.of("Bearer  x"),
                        List.of(KEY),
                        "invalid_token",
                        "invalid_token",
                        "malformed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWithAReasonAndNoEcho(
            String name,
            List<String> authorization,
            List<String> apiKey,
            String code,
            String challenge,
            String message) {
        AuthenticationFailure f =
                catchThrowableOfType(AuthenticationFailure.class, () -> Credentials.token(authorization, apiKey));
        assertThat(f).as(name).isNotNull();
        assertThat(f.code()).isEqualTo(code);
        assertThat(f.wwwAuthenticate()).isEqualTo("Bearer realm=\"gateway\", error=\"" + challenge + "\"");
        assertThat(f.getMessage()).contains(message).doesNotContain(KEY, "sk-test-bob", JWT.substring(0, 20));
    }

    @Test
    void tokenSyntaxIsRfc6750s() {
        assertThat(Credentials.wellFormed("aZ09-._~+/==", 0)).isTrue();
        assertThat(Credentials.wellFormed("==", 0)).isFalse();
        assertThat(Credentials.wellFormed("", 0)).isFalse();
        assertThat(Credentials.wellFormed("sk\u00e9", 0)).isFalse();
        assertThat(Credentials.wellFormed("sk\n", 0)).isFalse();
    }
}
