package io.sovereign.gateway.upstream;

import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.policy.Sovereignty;
import io.sovereign.gateway.policy.Target;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The one place right before a request's bytes leave for a target: nothing above the external ceiling goes to an
 * external target, whatever path led there (the decision, a fallback after a failure or an open circuit, a budget
 * downgrade, a bridged API). Routing prefers on-prem earlier (DecisionEngine re-routes, drops external fallbacks);
 * this is the enforcement, and the architecture test ({@code EgressGuardArchTest}) shows it is the only class that
 * hands an exchange to Spring Cloud Gateway's routing filter.
 */
public final class EgressGuard {

    /** Why a target is being sent the request. */
    public enum Path {
        /** The decision's target (as decided, re-routed, or downgraded by the budget). */
        DECIDED,
        /** The decision's fallback, after the target failed, was unavailable or its circuit was open. */
        FALLBACK
    }

    private final TargetRoutes routes;

    public EgressGuard(TargetRoutes routes) {
        this.routes = routes;
    }

    /**
     * Why {@code target} may not be sent a request classified {@code level}, or null when it may.
     *
     * @param cause for {@link Path#FALLBACK}: why the decided target was not used (it leads the message)
     */
    public static GatewayError refusal(Sovereignty sovereignty, Level level, Target target, Path path, String cause) {
        if (!target.external() || sovereignty.mayLeave(level)) {
            return null;
        }
        if (path == Path.FALLBACK) {
            return withoutFallback(sovereignty, level, cause);
        }
        return new GatewayError.Forbidden(
                "sensitive_data_external_model",
                "The request is classified " + level.wire()
                        + ", above the external ceiling '"
                        + sovereignty.externalMaxLevel().wire() + "', so it may not go to external"
                        + " target '" + target.name() + "'; nothing was sent.");
    }

    /**
     * The error when the on-prem target failed and nothing else may serve: fail closed, and say so (the external
     * target that might be up is not an option for this data).
     */
    public static GatewayError withoutFallback(Sovereignty sovereignty, Level level, String cause) {
        return new GatewayError.Unavailable(
                "onprem_unavailable",
                cause + " This request is classified " + level.wire()
                        + " (above the external ceiling '"
                        + sovereignty.externalMaxLevel().wire() + "'), so it is never sent to an"
                        + " external target instead; retry later.");
    }

    /** Checks, then hands the attempt to the routing filter (down {@code chain}); a refusal sends nothing. */
    Mono<Void> send(
            ServerWebExchange attempt,
            GatewayFilterChain chain,
            Sovereignty sovereignty,
            Level level,
            Target target,
            Path path,
            String cause) {
        GatewayError refused = refusal(sovereignty, level, target, path, cause);
        if (refused != null) {
            return Mono.error(refused);
        }
        attempt.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, routes.routeFor(target));
        return chain.filter(attempt);
    }

    public java.time.Duration firstByteTimeout() {
        return routes.firstByteTimeout();
    }
}
