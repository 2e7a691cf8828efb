package io.sovereign.gateway.auth;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The split of authentication work: the gateway's own AUTHENTICATE stage takes {@code /v1/**} (every API call,
 * routed or not), Spring Security's filter chain every other path (admin endpoints, probes, the actuator). Both
 * sides ask this one matcher, so no path falls between them.
 */
public final class ApiPaths {

    private static final PathPattern V1 = PathPatternParser.defaultInstance.parse("/v1/**");

    private ApiPaths() {}

    /** Whether the request is an API call the pipeline authenticates (the same match Spring Security's path matchers make). */
    public static boolean authenticatedByPipeline(ServerHttpRequest request) {
        return V1.matches(request.getPath().pathWithinApplication());
    }
}
