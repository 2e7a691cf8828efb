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

    /** Exchange attribute: the {@link Replies} that finish the answer for the caller's API (set by a front-end). */
    public static final String TRANSLATOR_ATTRIBUTE = ResponseStreamFilter.class.getName() + ".translator";

    /**
     * Makes the last handler of one attempt's answer, once the answer is known to be a success (its response headers
     * may still be set then). {@code passthrough}: the answering target speaks the caller's API natively
     * ({@code Target#passesThrough}), so the answer is in the caller's dialect already; otherwise it is chat
     * completions, to translate. Each attempt asks anew: a fallback may be bridged where the first target was not.
     */
    @FunctionalInterface
    public interface Replies {
        StreamHandler forAttempt(boolean passthrough);
    }

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
        translateWith(exchange, passthrough -> translator);
    }

    /** For an API front-end whose targets may answer natively or bridged: the last handler, per attempt. */
    public static void translateWith(ServerWebExchange exchange, Replies replies) {
        exchange.getAttributes().put(TRANSLATOR_ATTRIBUTE, replies);
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
        Target served = served(ctx);
        boolean passthrough =
                served != null && served.passesThrough(ctx.request().api());
        Replies replies = exchange.getAttribute(TRANSLATOR_ATTRIBUTE);
        boolean callerAskedUsage = ctx.request().includeUsage();
        return new StreamPlan(
                ctx.servedTarget(),
                idleTimeout,
                callerAskedUsage,
                redaction == null ? null : redaction::restorer,
                replies == null ? null : replies.forAttempt(passthrough),
                passthrough);
    }

    /** The target answering this attempt: the decision's target or its fallback, by the name FORWARD last tried. */
    private static Target served(RequestContext ctx) {
        io.sovereign.gateway.policy.Decision d = ctx.decision();
        String name = ctx.servedTarget();
        if (d == null || name == null) {
            return null;
        }
        if (d.target() != null && name.equals(d.target().name())) {
            return d.target();
        }
        return d.fallback() != null && name.equals(d.fallback().name()) ? d.fallback() : null;
    }

    private CompletableFuture<Void> settle(RequestContext ctx, UsageCapture usage) {
        UsageCapture.Charge c = usage.charge(ctx.promptTokens(), tokens::count);
        Target served = ctx.policy().target(ctx.servedTarget());
        return settler.settle(ctx, served, c.inputTokens(), c.cachedInputTokens(), c.outputTokens());
    }
}
