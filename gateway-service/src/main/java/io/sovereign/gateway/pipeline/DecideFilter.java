package io.sovereign.gateway.pipeline;

import java.util.function.Function;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.classify.Classifier;
import io.sovereign.gateway.classify.Redaction;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.DecisionEngine;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.RequestFacts;

/**
 * DECIDE: the first matching policy rule picks the target (or refuses), under the sovereignty guard. A redact
 * rule replaces each detected value by a typed placeholder, classifies the redacted request again (a codename
 * or topic that redaction cannot remove keeps it above the ceiling, and then the guard re-routes or refuses
 * it), and, with {@code restore: true}, puts the originals back into the answer.
 */
public final class DecideFilter implements GlobalFilter, Ordered {

    private final DecisionObserver observer;
    private final Function<Policy, Classifier> classifiers;
    private final Scheduler scheduler;

    /** Where decisions are reported (metrics). */
    public interface DecisionObserver {
        void decided(Decision d);
    }

    public DecideFilter(DecisionObserver observer, Function<Policy, Classifier> classifiers, Scheduler scheduler) {
        this.observer = observer;
        this.classifiers = classifiers;
        this.scheduler = scheduler;
    }

    @Override
    public int getOrder() {
        return Stage.DECIDE.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        Classification c = ctx.classification();
        Decision decision = DecisionEngine.decide(ctx.policy(), new RequestFacts(io.sovereign.gateway.openai.Endpoint.of(ctx.request().dialect()),
                ctx.request().model(), c.level(), c.detectorCounts(), ctx.principal()));
        if (decision.kind() == Decision.Kind.REDACT) {
            ctx.decision(decision);   // the rule that matched is on record even if the guard refuses below
            Decision matched = decision;
            Classifier classifier = classifiers.apply(ctx.policy());
            Mono<Redaction> redacted = Mono.fromCallable(() -> redact(ctx, classifier, matched));
            // classifying again may run the semantic model: never on the event loop
            return (classifier.hasSemantic() ? redacted.subscribeOn(scheduler) : redacted).flatMap(redaction -> {
                observer.decided(ctx.decision());
                GatewayError unreadable = InputCheck.refusal(ctx.policy(), ctx.decision(), c.modalities());
                if (unreadable != null) {
                    return Mono.error(unreadable);
                }
                if (ctx.decision().restore() && redaction.replaced() > 0) {
                    return chain.filter(exchange.mutate().response(new RestoringResponse(exchange.getResponse(), redaction::restorer)).build());
                }
                return chain.filter(exchange);
            });
        }
        ctx.decision(decision);
        observer.decided(decision);
        if (decision.kind() == Decision.Kind.DENY) {
            return Mono.error(new GatewayError.Forbidden("policy_denied",
                    decision.denyMessage() + " (policy rule '" + decision.rule() + "')"));
        }
        GatewayError unreadable = InputCheck.refusal(ctx.policy(), decision, c.modalities());
        if (unreadable != null) {
            return Mono.error(unreadable);
        }
        return chain.filter(exchange);
    }

    private static Redaction redact(RequestContext ctx, Classifier classifier, Decision decision) {
        RedactStep.Result r = RedactStep.apply(ctx.policy(), classifier, ctx.request(),
                ctx.classification(), decision);
        ctx.request(r.request());
        ctx.decision(r.decision());
        return r.redaction();
    }
}
