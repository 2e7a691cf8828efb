package io.sovereign.gateway.config;

import io.sovereign.gateway.auth.ApiBypassingSecurityFilter;
import io.sovereign.gateway.auth.ApiKeyStore;
import io.sovereign.gateway.auth.ApiPaths;
import io.sovereign.gateway.auth.Authenticator;
import io.sovereign.gateway.auth.BearerAuthenticationManager;
import io.sovereign.gateway.auth.DeniedCallListener;
import io.sovereign.gateway.auth.MissingRole;
import io.sovereign.gateway.auth.PrincipalAuthentication;
import io.sovereign.gateway.error.ErrorBody;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who may call what: {@code /v1/**} needs the user role, {@code /admin/policy/**} the admin role,
 * {@code /admin/spend} the finance role; the bare probes {@code /livez} and {@code /readyz} are open; the actuator
 * (Prometheus, health details) answers only on the management port ({@code management.server.port}), which the
 * network keeps for monitoring (docs/SECURITY.md). Failures are OpenAI-shaped 401/403
 * with a {@code WWW-Authenticate} header and a message that says what is wrong, never the credential.
 * <p>
 * {@code /v1/**} is authenticated by the pipeline's own AUTHENTICATE stage ({@code pipeline.AuthenticateFilter},
 * with the same {@link Authenticator}), not by this chain: Spring Security's reactive chain cost more CPU per API
 * call than the whole route it guarded (bench/PROFILE.md). The chain stays for the rest, where calls are rare and
 * its matchers, entry point and access-denied handling are the simplest correct shape.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    /** Spring Security's web filter does not see {@code /v1} calls at all (see {@link ApiBypassingSecurityFilter}). */
    @Bean
    static BeanPostProcessor apiBypassingSecurityFilter() {
        return ApiBypassingSecurityFilter.wrapper();
    }

    @Bean
    Authenticator authenticator(ApiKeyStore apiKeys, ObjectProvider<Authenticator.Jwt> jwt) {
        return new Authenticator(apiKeys, jwt.getIfAvailable());
    }

    @Bean
    SecurityWebFilterChain securityWebFilterChain(
            ServerHttpSecurity http,
            Authenticator authenticator,
            GatewayProperties props,
            Environment environment,
            ObjectProvider<DeniedCallListener> deniedListeners) {
        DeniedCallListener denied = (method, path, query, caller, status) ->
                deniedListeners.orderedStream().forEach(l -> l.denied(method, path, query, caller, status));
        GatewayProperties.Oidc roles = props.auth().oidc();
        BearerAuthenticationManager manager = new BearerAuthenticationManager(authenticator);
        return http.securityMatcher(exchange -> ApiPaths.authenticatedByPipeline(exchange.getRequest())
                        ? ServerWebExchangeMatcher.MatchResult.notMatch()
                        : ServerWebExchangeMatcher.MatchResult.match())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .headers(ServerHttpSecurity.HeaderSpec::disable) // an API for SDKs, not pages for browsers
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .authorizeExchange(ex -> ex.pathMatchers("/livez", "/readyz")
                        .permitAll()
                        .pathMatchers("/actuator/**")
                        .access((auth, context) -> Mono.just(
                                new AuthorizationDecision(onManagementPort(context.getExchange(), environment))))
                        .pathMatchers("/admin/policy/**", "/admin/decisions/**")
                        .hasAuthority(roles.adminRole())
                        .pathMatchers("/admin/spend", "/admin/spend/**")
                        .hasAuthority(roles.financeRole())
                        .anyExchange()
                        .authenticated())
                .oauth2ResourceServer(rs -> rs.authenticationManagerResolver(exchange -> Mono.just(manager))
                        .authenticationEntryPoint((exchange, e) -> unauthenticated(exchange, e))
                        .accessDeniedHandler((exchange, e) -> forbidden(exchange, roles, denied)))
                .build();
    }

    /** The admin endpoints take the bearer header only (x-api-key is for the API clients of /v1). */
    private static final String MISSING = "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'.";

    /**
     * Whether the request came in on the management port: the actuator never answers on the API port, even if
     * someone sets both ports alike.
     */
    static boolean onManagementPort(ServerWebExchange exchange, Environment environment) {
        String management = environment.getProperty("local.management.port");
        var local = exchange.getRequest().getLocalAddress();
        return management != null
                && local != null
                && Integer.toString(local.getPort()).equals(management)
                && !management.equals(environment.getProperty("local.server.port"));
    }

    /** The actuator asked for on the API port: not here, whoever asks (no credential makes it appear). */
    private static Mono<Void> notOnThisPort(ServerWebExchange exchange) {
        return write(
                exchange.getResponse(),
                HttpStatus.NOT_FOUND,
                ErrorBody.of(
                        "Not found: metrics and health details "
                                + "are served on the management port, not the API port; probes are /livez and /readyz.",
                        "invalid_request_error",
                        "not_found",
                        null));
    }

    static Mono<Void> unauthenticated(ServerWebExchange exchange, AuthenticationException e) {
        if (exchange.getRequest().getPath().value().startsWith("/actuator")) {
            return notOnThisPort(exchange);
        }
        String code = "invalid_api_key";
        String message = MISSING;
        if (e instanceof OAuth2AuthenticationException oauth
                && oauth.getError() != null
                && oauth.getError().getDescription() != null
                && !"invalid_request".equals(oauth.getError().getErrorCode())) {
            code = "invalid_api_key".equals(oauth.getError().getErrorCode()) ? "invalid_api_key" : "invalid_token";
            message = oauth.getError().getDescription();
        } else if (exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null) {
            message = "The Authorization header must be 'Bearer YOUR_KEY'.";
        }
        exchange.getResponse()
                .getHeaders()
                .set(
                        HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer realm=\"gateway\", error=\""
                                + ("invalid_api_key".equals(code) && message.equals(MISSING)
                                        ? "invalid_request"
                                        : "invalid_token")
                                + "\"");
        return write(
                exchange.getResponse(),
                HttpStatus.UNAUTHORIZED,
                ErrorBody.of(message, "invalid_request_error", code, null));
    }

    static Mono<Void> forbidden(ServerWebExchange exchange, GatewayProperties.Oidc roles, DeniedCallListener denied) {
        String path = exchange.getRequest().getPath().value();
        return exchange.getPrincipal()
                .map(p -> java.util.Optional.ofNullable(p instanceof PrincipalAuthentication a ? a.principal() : null))
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(caller -> {
                    denied.denied(
                            exchange.getRequest().getMethod().name(),
                            path,
                            exchange.getRequest().getQueryParams(),
                            caller.orElse(null),
                            HttpStatus.FORBIDDEN.value());
                    return refuse(exchange, roles, path);
                });
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, GatewayProperties.Oidc roles, String path) {
        if (path.startsWith("/actuator")) {
            return notOnThisPort(exchange);
        }
        String role = path.startsWith("/admin/policy") || path.startsWith("/admin/decisions")
                ? roles.adminRole()
                : path.startsWith("/admin/spend") ? roles.financeRole() : roles.userRole();
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, MissingRole.CHALLENGE);
        return write(
                exchange.getResponse(),
                HttpStatus.FORBIDDEN,
                ErrorBody.of(MissingRole.message(role, path), "permission_error", "missing_role", null));
    }

    private static Mono<Void> write(ServerHttpResponse response, HttpStatus status, byte[] body) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
