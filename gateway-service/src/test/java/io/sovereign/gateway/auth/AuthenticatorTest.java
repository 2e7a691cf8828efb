package io.sovereign.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import reactor.core.publisher.Mono;

/** A credential to a principal: API keys from the store, JWTs through the decoder, refusals classified as the resource server did. */
class AuthenticatorTest {

    static final String KEY = "sk-gw-test-key";
    static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    static final GatewayPrincipal ALICE = new GatewayPrincipal(
            "alice", "legal", Set.of("/teams/legal"), Set.of("gateway-user"), GatewayPrincipal.Method.OIDC);

    final ApiKeyStore keys = ApiKeyStore.devKey(KEY, Set.of("gateway-user"));

    @Test
    void apiKeysComeFromTheStore() {
        GatewayPrincipal p = new Authenticator(keys, null).authenticate(KEY).block();
        assertThat(p.user()).isEqualTo("dev");
        assertThat(p.method()).isEqualTo(GatewayPrincipal.Method.API_KEY);
    }

    @Test
    void anUnknownKeyIsRefusedWithoutEcho() {
        assertThatThrownBy(() -> new Authenticator(keys, null)
                        .authenticate("sk-gw-other")
                        .block())
                .isInstanceOfSatisfying(AuthenticationFailure.class, f -> {
                    assertThat(f.code()).isEqualTo("invalid_api_key");
                    assertThat(f.challenge()).isEqualTo(AuthenticationFailure.Challenge.INVALID_TOKEN);
                })
                .hasMessage("Incorrect API key provided (unknown or revoked).");
    }

    @Test
    void aJwtWithoutOidcIsToldSo() {
        assertThatThrownBy(() -> new Authenticator(keys, null).authenticate(JWT).block())
                .isInstanceOf(AuthenticationFailure.class)
                .hasMessageContaining("OIDC is not configured");
    }

    @Test
    void jwtsGoToTheDecoderAndKeysStillToTheStore() {
        Authenticator auth = new Authenticator(keys, token -> Mono.just(ALICE));
        assertThat(auth.authenticate(JWT).block()).isEqualTo(ALICE);
        assertThat(auth.authenticate(KEY).block().user()).isEqualTo("dev");
    }

    @Test
    void aBadTokenIsTheCallers401WithTheDecodersSafeMessage() {
        Authenticator auth = new Authenticator(
                keys,
                token -> Mono.error(new io.sovereign.gateway.auth.oidc.OidcTokenException(
                        io.sovereign.gateway.auth.oidc.OidcFailure.EXPIRED, "the token has expired")));
        assertThatThrownBy(() -> auth.authenticate(JWT).block())
                .isInstanceOfSatisfying(
                        AuthenticationFailure.class, f -> assertThat(f.code()).isEqualTo("invalid_token"))
                .hasMessage("the token has expired");
    }

    @Test
    void springsOwnJwtMessagesNeverReachTheCaller() {
        // Spring Security's validator messages can quote claims (here the audience): the 401 does not repeat them
        Authenticator auth = new Authenticator(
                keys, token -> Mono.error(new BadJwtException("The aud claim 'team-secret-app' is not valid")));
        assertThatThrownBy(() -> auth.authenticate(JWT).block())
                .isInstanceOf(AuthenticationFailure.class)
                .hasMessage("the bearer token is invalid");
    }

    @Test
    void aClaimsMapperRefusalThrownWhileMappingIsA401Too() {
        Authenticator auth = new Authenticator(keys, token -> Mono.just(ALICE).map(p -> {
            throw new BadJwtException("the token names no user");
        }));
        assertThatThrownBy(() -> auth.authenticate(JWT).block()).isInstanceOf(AuthenticationFailure.class);
    }

    @Test
    void unavailableKeysAreAServiceFailureNotABadToken() {
        Authenticator auth = new Authenticator(keys, token -> Mono.error(new JwtException("JWKS unreachable")));
        assertThatThrownBy(() -> auth.authenticate(JWT).block()).isInstanceOf(AuthenticationServiceException.class);
    }
}
