package io.sovereign.gateway.upstream;

import io.sovereign.gateway.policy.Target;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;

/**
 * One Spring Cloud Gateway {@link Route} per policy target, so that SCG's own routing filter forwards to
 * the target's host with the configured connect and first-byte timeouts. Built on first use per target
 * definition; a policy reload that changes a target yields a new route.
 */
public final class TargetRoutes {

    private final Map<Target, Route> routes = new ConcurrentHashMap<>();
    private final Duration connectTimeout;
    private final Duration firstByteTimeout;

    public TargetRoutes(Duration connectTimeout, Duration firstByteTimeout) {
        this.connectTimeout = connectTimeout;
        this.firstByteTimeout = firstByteTimeout;
    }

    public Route routeFor(Target target) {
        if (routes.size() > 256) {
            routes.clear(); // old policy revisions' targets; rebuilt on demand
        }
        return routes.computeIfAbsent(target, t -> Route.async()
                .id("target:" + t.name())
                .uri(URI.create(t.url().getScheme() + "://" + t.url().getRawAuthority()))
                .predicate(exchange -> true)
                .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, (int) connectTimeout.toMillis())
                .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, firstByteTimeout.toMillis())
                .build());
    }

    public Duration firstByteTimeout() {
        return firstByteTimeout;
    }
}
