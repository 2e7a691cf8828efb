package io.sovereign.gateway.pipeline;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.DecisionEngine;
import io.sovereign.gateway.policy.RequestFacts;

/** DECIDE: the first matching policy rule picks the target (or refuses), under the sovereignty guard. */
public final class DecideFilter implements GlobalFilter, Ordered {

    private final DecisionObserver observer;

    /** Where decisions are reported (metrics). */
    public interface DecisionObserver {
        void decided(Decision d);
    }

    public DecideFilter(DecisionObserver observer) {
        this.observer = observer;
    }

    @Override
    public int getOrder() {
        return Stage.DECIDE.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        Classification c = ctx.classification();
        Decision decision = DecisionEngine.decide(ctx.policy(), new RequestFacts(ctx.request().endpoint(),
                ctx.request().model(), c.level(), c.detectorCounts(), ctx.principal()));
        ctx.decision(decision);
        observer.decided(decision);
        if (decision.kind() == Decision.Kind.DENY) {
            return Mono.error(new GatewayError.Forbidden("policy_denied",
                    decision.denyMessage() + " (policy rule '" + decision.rule() + "')"));
        }
        return chain.filter(exchange);
    }
}
