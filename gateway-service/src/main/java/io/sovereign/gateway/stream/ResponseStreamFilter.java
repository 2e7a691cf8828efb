package io.sovereign.gateway.stream;

import io.sovereign.gateway.classify.Redaction;
import io.sovereign.gateway.pipeline.RequestContext;
import io.sovereign.gateway.pipeline.Settler;
import io.sovereign.gateway.pipeline.Stage;
import io.sovereign.gateway.policy.Target;
import io.sovereign.gateway.quota.TokenCounter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * SETTLE: every upstream attempt's answer goes through one {@link ResponseStream} (see the package doc for the
 * chain), and the reservation is settled from what its {@link UsageCapture} saw, on every end. Reads the request
 * context in one place ({@link #plan}) and the money is {@link Settler}'s.
 */
public final class ResponseStreamFilter implements GlobalFilter, Ordered {

    /** Exchange attribute: the {@link StreamHandler} that translates the answer for the caller's API (set by a front-end). */
    public static final String TRANSLATOR_ATTRIBUTE = ResponseStreamFilter.class.getName() + ".translator";

    private final Settler settler;
    private final TokenCounter tokens;
    private final Duration idleTimeout;

    public ResponseStreamFilter(Settler settler, TokenCounter tokens, Duration idleTimeout) {
        this.settler = settler;
        this.tokens = tokens;
        this.idleTimeout = idleTimeout;
    }

    /** For an API front-end whose callers do not speak chat completions: the last handler of its answers' chain. */
    public static void translateWith(ServerWebExchange exchange, StreamHandler translator) {
        exchange.getAttributes().put(TRANSLATOR_ATTRIBUTE, translator);
    }

    @Override
    public int getOrder() {
        return Stage.SETTLE.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        ProcessedResponse response = new ProcessedResponse(
                exchange.getResponse(),
                usage -> new ResponseStream(plan(exchange, ctx).handlers(usage)),
                idleTimeout,
                usage -> settle(ctx, usage));
        return chain.filter(exchange.mutate().response(response).build());
    }

    private StreamPlan plan(ServerWebExchange exchange, RequestContext ctx) {
        Redaction redaction = ctx.restoring();
        StreamHandler translator = exchange.getAttribute(TRANSLATOR_ATTRIBUTE);
        boolean callerAskedUsage = ctx.request().includeUsage();
        return new StreamPlan(
                ctx.servedTarget(),
                idleTimeout,
                callerAskedUsage,
                redaction == null ? null : redaction::restorer,
                translator);
    }

    private CompletableFuture<Void> settle(RequestContext ctx, UsageCapture usage) {
        UsageCapture.Charge c = usage.charge(ctx.promptTokens(), tokens::count);
        Target served = ctx.policy().target(ctx.servedTarget());
        return settler.settle(ctx, served, c.inputTokens(), c.cachedInputTokens(), c.outputTokens());
    }
}
