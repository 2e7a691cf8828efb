package io.sovereign.gateway.auth;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import reactor.core.publisher.Mono;

/**
 * One credential, two kinds: a JWT (three dot-separated parts) goes to the Keycloak side when OIDC is configured
 * (Spring Security's {@code ReactiveJwtDecoder} with the cached JWKS, then the claims mapper); anything else is
 * looked up in the API key store. The {@code /v1} pipeline calls this directly (no security filter chain per
 * call); the admin endpoints' chain reaches it through {@link BearerAuthenticationManager}.
 * <p>
 * Refusals are {@link AuthenticationFailure}s with a safe message; keys that cannot be had right now (the
 * identity provider's JWKS is unreachable) stay an {@link AuthenticationServiceException}, answered with 503,
 * exactly as Spring Security's {@code JwtReactiveAuthenticationManager} would have classified them.
 */
public final class Authenticator {

    /** The Keycloak side: decodes and validates a JWT and maps its claims to a principal. */
    @FunctionalInterface
    public interface Jwt {
        Mono<GatewayPrincipal> principal(String token);
    }

    private final ApiKeyStore apiKeys;
    private final Jwt jwt; // null when OIDC is off

    public Authenticator(ApiKeyStore apiKeys, Jwt jwt) {
        this.apiKeys = apiKeys;
        this.jwt = jwt;
    }

    public Mono<GatewayPrincipal> authenticate(String token) {
        if (jwt != null && looksLikeJwt(token)) {
            return Mono.defer(() -> jwt.principal(token)).onErrorMap(JwtException.class, Authenticator::jwtFailure);
        }
        GatewayPrincipal principal = apiKeys.lookup(token);
        if (principal == null) {
            return Mono.error(new AuthenticationFailure(
                    "invalid_api_key",
                    AuthenticationFailure.Challenge.INVALID_TOKEN,
                    looksLikeJwt(token)
                            ? "The bearer token looks like a JWT, but this gateway does not accept JWTs (OIDC is not configured)."
                            : "Incorrect API key provided (unknown or revoked)."));
        }
        return Mono.just(principal);
    }

    /**
     * As Spring Security's resource server: a bad token is the caller's 401, anything else a service failure. The
     * 401 says why in words that never repeat the token's claims (Spring's own messages can).
     */
    private static RuntimeException jwtFailure(JwtException e) {
        if (e instanceof BadJwtException) {
            return new AuthenticationFailure(
                    "invalid_token",
                    AuthenticationFailure.Challenge.INVALID_TOKEN,
                    io.sovereign.gateway.auth.oidc.JwtFailureMessages.describe(e));
        }
        return new AuthenticationServiceException(e.getMessage(), e);
    }

    static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first + 1 && token.startsWith("ey");
    }
}
