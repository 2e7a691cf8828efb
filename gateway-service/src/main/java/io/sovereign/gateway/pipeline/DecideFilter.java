package io.sovereign.gateway.pipeline;

import io.sovereign.gateway.metrics.DecisionObserver;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * DECIDE: the adjudicator's decision for the classified request (rule, ceiling, redaction, inputs). A refusal is
 * the caller's error; with a redact rule's {@code restore: true}, the originals are put back into the answer.
 */
public final class DecideFilter implements GlobalFilter, Ordered {

    private final DecisionObserver observer;
    private final OffLoop offLoop;

    public DecideFilter(DecisionObserver observer, OffLoop offLoop) {
        this.observer = observer;
        this.offLoop = offLoop;
    }

    @Override
    public int getOrder() {
        return Stage.DECIDE.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        return offLoop.decide(ctx.requestId(), ctx.principal(), ctx.request(), ctx.classification(), ctx.policy())
                .flatMap(a -> {
                    ctx.decided(new StageResult.Decided(a)); // the rule that matched is on record even if it is refused
                    if (a.settled()) {
                        observer.decided(a.decision());
                    }
                    if (a.refusal() != null) {
                        return Mono.error(a.refusal());
                    }
                    return chain.filter(exchange);
                });
    }
}
