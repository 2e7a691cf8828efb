package io.sovereign.gateway.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

class JwtFailureMessagesTest {

    private static final String SECRET_CLAIM = "alice@secret-project.example";

    static Stream<Arguments> failures() {
        OidcTokenException expired =
                new OidcTokenException(OidcFailure.EXPIRED, "the token has expired; sign in again");
        return Stream.of(
                Arguments.of("our refusal", expired, "the token has expired; sign in again", OidcFailure.EXPIRED),
                Arguments.of(
                        "our refusal wrapped by Spring Security",
                        new InvalidBearerTokenException("wrapped", expired),
                        "the token has expired; sign in again",
                        OidcFailure.EXPIRED),
                Arguments.of(
                        "keys unavailable",
                        new JwksUnavailableException("from http://kc/certs: refused", null),
                        "the token cannot be checked right now: the identity provider's signing keys are unavailable;"
                                + " try again shortly",
                        OidcFailure.KEYS_UNAVAILABLE),
                Arguments.of(
                        "Spring validation failure with a claim value in its message",
                        new JwtValidationException(
                                "The sub claim " + SECRET_CLAIM + " is not valid",
                                List.of(new OAuth2Error("invalid_token", "sub " + SECRET_CLAIM, null))),
                        "the token failed validation",
                        null),
                Arguments.of(
                        "Spring decoding failure quoting the token",
                        new BadJwtException("Malformed payload " + SECRET_CLAIM),
                        "the bearer token is invalid",
                        null),
                Arguments.of(
                        "other JWT failure",
                        new JwtException("boom " + SECRET_CLAIM),
                        "the bearer token is invalid",
                        null),
                Arguments.of(
                        "anything else",
                        new IllegalStateException(SECRET_CLAIM),
                        "the bearer token could not be validated",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void describesWithoutEchoingTokenContent(String name, Throwable failure, String message, OidcFailure reason) {
        assertThat(JwtFailureMessages.describe(failure)).isEqualTo(message).doesNotContain(SECRET_CLAIM);
        assertThat(JwtFailureMessages.failure(failure)).isEqualTo(java.util.Optional.ofNullable(reason));
    }
}
