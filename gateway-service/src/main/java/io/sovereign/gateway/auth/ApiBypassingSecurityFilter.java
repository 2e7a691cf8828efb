package io.sovereign.gateway.auth;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Spring Security's web filter, skipped for the API calls the pipeline authenticates itself ({@link ApiPaths}).
 * A {@code securityMatcher} alone is not enough: {@link WebFilterChainProxy} wraps every exchange in its
 * firewall (which re-validates header names and values on each access, for the rest of the request) and matches
 * it against each chain before it finds that none applies. Every other path goes through the proxy unchanged.
 */
public final class ApiBypassingSecurityFilter implements WebFilter, Ordered {

    private final WebFilter security;

    private ApiBypassingSecurityFilter(WebFilter security) {
        this.security = security;
    }

    /** Wraps the proxy bean where Spring Security declares it, so its place among the web filters stays. */
    public static BeanPostProcessor wrapper() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof WebFilterChainProxy proxy ? new ApiBypassingSecurityFilter(proxy) : bean;
            }
        };
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ApiPaths.authenticatedByPipeline(exchange.getRequest())
                ? chain.filter(exchange)
                : security.filter(exchange, chain);
    }

    @Override
    public int getOrder() {
        return -100; // the proxy's own place (WebFluxSecurityConfiguration.WEB_FILTER_CHAIN_FILTER_ORDER,
        // package-private)
    }
}
