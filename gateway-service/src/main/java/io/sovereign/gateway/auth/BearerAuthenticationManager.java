package io.sovereign.gateway.auth;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * One bearer header, two kinds of credential: a JWT (three dot-separated parts) goes to the OIDC manager
 * when Keycloak is configured; anything else is looked up as a service API key.
 */
public final class BearerAuthenticationManager implements ReactiveAuthenticationManager {

    private final ApiKeyStore apiKeys;
    private final ReactiveAuthenticationManager jwt;   // null when OIDC is off

    public BearerAuthenticationManager(ApiKeyStore apiKeys, ReactiveAuthenticationManager jwt) {
        this.apiKeys = apiKeys;
        this.jwt = jwt;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        if (jwt != null && looksLikeJwt(token)) {
            return jwt.authenticate(authentication);
        }
        GatewayPrincipal principal = apiKeys.lookup(token);
        if (principal == null) {
            return Mono.error(new OAuth2AuthenticationException(new OAuth2Error("invalid_api_key",
                    looksLikeJwt(token) ? "The bearer token looks like a JWT, but this gateway does not accept JWTs (OIDC is not configured)."
                            : "Incorrect API key provided (unknown or revoked).", null)));
        }
        return Mono.just(new PrincipalAuthentication(principal));
    }

    static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first + 1 && token.startsWith("ey");
    }
}
