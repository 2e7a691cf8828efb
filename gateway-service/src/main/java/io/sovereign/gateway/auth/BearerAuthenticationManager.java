package io.sovereign.gateway.auth;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * The admin endpoints' security chain's view of {@link Authenticator}: a refusal becomes the
 * {@link OAuth2AuthenticationException} the chain's entry point renders.
 */
public final class BearerAuthenticationManager implements ReactiveAuthenticationManager {

    private final Authenticator authenticator;

    public BearerAuthenticationManager(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        return authenticator
                .authenticate(token)
                .<Authentication>map(PrincipalAuthentication::new)
                .onErrorMap(
                        AuthenticationFailure.class,
                        f -> new OAuth2AuthenticationException(new OAuth2Error(f.code(), f.getMessage(), null)));
    }
}
