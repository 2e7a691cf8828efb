package io.sovereign.gateway.pipeline;

import io.sovereign.gateway.auth.ApiPaths;
import io.sovereign.gateway.auth.AuthenticationFailure;
import io.sovereign.gateway.auth.Authenticator;
import io.sovereign.gateway.auth.Credentials;
import io.sovereign.gateway.auth.DeniedCallListener;
import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.auth.MissingRole;
import io.sovereign.gateway.error.GatewayError;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * AUTHENTICATE for every {@code /v1} call: the credential ({@code Authorization: Bearer} or {@code x-api-key}) is
 * checked by {@link Authenticator} (API key store, or the JWT decoder with its cached JWKS), the user role is
 * required, and the principal goes into the request context. A web filter right after the pipeline's entry, so
 * that unrouted paths ({@code /v1/models}, an unknown {@code /v1/...}) are authenticated before anything answers
 * them, and refusals are rendered by the entry filter like every other error. Other paths are left to Spring
 * Security's chain ({@link ApiPaths}).
 */
public final class AuthenticateFilter implements WebFilter, Ordered {

    private final Authenticator authenticator;
    private final String userRole;
    private final DeniedCallListener denied;

    public AuthenticateFilter(Authenticator authenticator, String userRole, DeniedCallListener denied) {
        this.authenticator = authenticator;
        this.userRole = userRole;
        this.denied = denied;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1; // right after PipelineEntryFilter, before Spring Security and routing
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!ApiPaths.authenticatedByPipeline(request)) {
            return chain.filter(exchange);
        }
        String token;
        try {
            token = Credentials.token(
                    request.getHeaders().get(HttpHeaders.AUTHORIZATION),
                    request.getHeaders().get(Credentials.API_KEY_HEADER));
        } catch (AuthenticationFailure f) {
            return Mono.error(refusal(exchange, f));
        }
        return authenticator
                .authenticate(token)
                .onErrorMap(AuthenticationFailure.class, f -> refusal(exchange, f))
                .flatMap(principal -> {
                    GatewayError refused = authorize(exchange, principal);
                    if (refused != null) {
                        return Mono.error(refused);
                    }
                    RequestContext.of(exchange).principal(principal);
                    return chain.filter(exchange);
                });
    }

    /** The 401, with the challenge header set here (the error renderer keeps a challenge already set). */
    private static GatewayError refusal(ServerWebExchange exchange, AuthenticationFailure f) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, f.wwwAuthenticate());
        return new GatewayError.Unauthenticated(f.code(), f.getMessage());
    }

    /** The user role first (as the security chain checked it), then names the stores can key. */
    private GatewayError authorize(ServerWebExchange exchange, GatewayPrincipal principal) {
        if (!principal.hasRole(userRole)) {
            ServerHttpRequest request = exchange.getRequest();
            String path = request.getPath().value();
            denied.denied(request.getMethod().name(), path, request.getQueryParams(), principal, 403);
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, MissingRole.CHALLENGE);
            return new GatewayError.Forbidden("missing_role", MissingRole.message(userRole, path));
        }
        return unusableName(principal);
    }

    /** A user or team name that quotas and budgets cannot key (from a keys file or an identity provider's claims). */
    static GatewayError unusableName(GatewayPrincipal p) {
        String user = io.sovereign.gateway.store.StoreNames.problem(p.user());
        String team = io.sovereign.gateway.store.StoreNames.problem(p.team());
        if (user == null && team == null) {
            return null;
        }
        String what = user != null ? "user name" : "team name";
        return new GatewayError.Forbidden(
                "invalid_principal_name",
                "Your " + what + " cannot be used by the gateway: " + (user != null ? user : team)
                        + ". Ask an administrator to rename it in the API keys file or the identity provider.");
    }
}
