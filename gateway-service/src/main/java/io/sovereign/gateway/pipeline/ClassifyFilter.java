package io.sovereign.gateway.pipeline;

import io.sovereign.gateway.classify.RequestContent;
import io.sovereign.gateway.classify.TextSegment;
import io.sovereign.gateway.metrics.ClassifierObserver;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.request.CanonicalRequest;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * CLASSIFY: the adjudicator's detectors over everything that would leave the building (values, keys, attachments),
 * inline or off the event loop as {@link OffLoop} says. Fails closed: an error or the deadline counts as the
 * highest level.
 */
public final class ClassifyFilter implements GlobalFilter, Ordered {

    private final OffLoop offLoop;
    private final ClassifierObserver observer;

    public ClassifyFilter(OffLoop offLoop, ClassifierObserver observer) {
        this.offLoop = offLoop;
        this.observer = observer;
    }

    @Override
    public int getOrder() {
        return Stage.CLASSIFY.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        Policy policy = ctx.policy();
        CanonicalRequest request = ctx.request();
        boolean semantic =
                offLoop.offloads(policy, request) && offLoop.adjudicator().heavy(policy);
        return offLoop.classify(policy, request).flatMap(c -> {
            ctx.classified(new StageResult.Classified(c));
            observer.classified(c, semantic);
            return chain.filter(exchange);
        });
    }

    /** Every piece of text in the request that would leave the building (attachments not decoded). */
    public static List<TextSegment> segments(CanonicalRequest request) {
        return request.content().segments();
    }

    /** Texts, keys, attachments and input kinds of the request, as the classifier takes them. */
    public static RequestContent content(CanonicalRequest request) {
        return request.content();
    }
}
