package io.sovereign.gateway.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;

/**
 * How Spring Security's resource server treats this decoder's refusals: token faults become
 * {@link InvalidBearerTokenException} (401) carrying the safe message; unavailable keys become
 * {@link AuthenticationServiceException}, which the security chain should answer with 503.
 */
class ResourceServerContractTest {

    private static JwtReactiveAuthenticationManager manager() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        OidcSettings settings = OidcSettings.forIssuer("http://127.0.0.1:" + port + "/realms/gateway")
                .withJwksTimeout(Duration.ofSeconds(2));
        return new JwtReactiveAuthenticationManager(OidcJwtDecoderFactory.create(settings, new SimpleMeterRegistry()));
    }

    @Test
    void tokenFaultIsAnInvalidBearerTokenWithTheSafeMessage() throws IOException {
        assertThatThrownBy(() -> manager()
                        .authenticate(new BearerTokenAuthenticationToken("not-a-jwt"))
                        .block())
                .isInstanceOf(InvalidBearerTokenException.class)
                .hasMessage("the bearer token is not a well-formed JWT")
                .satisfies(e -> assertThat(JwtFailureMessages.failure(e)).hasValue(OidcFailure.MALFORMED));
    }

    @Test
    void unavailableKeysAreAServiceFailureNotABadToken() throws IOException {
        String wellFormed = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

        assertThatThrownBy(() -> manager()
                        .authenticate(new BearerTokenAuthenticationToken(wellFormed))
                        .block())
                .isInstanceOf(AuthenticationServiceException.class)
                .satisfies(e -> assertThat(JwtFailureMessages.failure(e)).hasValue(OidcFailure.KEYS_UNAVAILABLE))
                .satisfies(e -> assertThat(JwtFailureMessages.describe(e)).contains("signing keys are unavailable"));
    }
}
