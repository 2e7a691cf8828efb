package io.sovereign.gateway.pipeline;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.auth.PrincipalAuthentication;
import io.sovereign.gateway.error.GatewayError;

/** AUTHENTICATE: copies the principal Spring Security established into the request context. */
public final class AuthenticateFilter implements GlobalFilter, Ordered {

    @Override
    public int getOrder() {
        return Stage.AUTHENTICATE.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(sc -> sc.getAuthentication() instanceof PrincipalAuthentication a ? a.principal() : null)
                .switchIfEmpty(Mono.error(() -> new GatewayError.Unauthenticated("invalid_api_key",
                        "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'.")))
                .flatMap(principal -> {
                    GatewayError unusable = unusableName((GatewayPrincipal) principal);
                    if (unusable != null) {
                        return Mono.error(unusable);
                    }
                    RequestContext.of(exchange).principal((GatewayPrincipal) principal);
                    return chain.filter(exchange);
                });
    }

    /** A user or team name that quotas and budgets cannot key (from a keys file or an identity provider's claims). */
    static GatewayError unusableName(GatewayPrincipal p) {
        String user = io.sovereign.gateway.store.StoreNames.problem(p.user());
        String team = io.sovereign.gateway.store.StoreNames.problem(p.team());
        if (user == null && team == null) {
            return null;
        }
        String what = user != null ? "user name" : "team name";
        return new GatewayError.Forbidden("invalid_principal_name", "Your " + what + " cannot be used by the gateway: "
                + (user != null ? user : team) + ". Ask an administrator to rename it in the API keys file or the identity provider.");
    }
}
