package io.sovereign.gateway.pipeline;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.TextSegment;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.metrics.GatewayMetrics;
import io.sovereign.gateway.policy.Limits;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.quota.QuotaDecision;
import io.sovereign.gateway.quota.QuotaRequest;
import io.sovereign.gateway.quota.QuotaService;
import io.sovereign.gateway.quota.TokenCounter;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * QUOTA: tokens per minute per team, from the policy (requests per minute per user were taken earlier, by
 * {@link RequestRateFilter}). The token estimate (prompt tokens counted with a real tokenizer + the output cap)
 * is corrected with actual usage at SETTLE.
 */
public final class QuotaFilter implements GlobalFilter, Ordered {

    private final QuotaService quotas;
    private final TokenCounter tokens;
    private final GatewayMetrics metrics;

    public QuotaFilter(QuotaService quotas, TokenCounter tokens, GatewayMetrics metrics) {
        this.quotas = quotas;
        this.tokens = tokens;
        this.metrics = metrics;
    }

    @Override
    public int getOrder() {
        return Stage.QUOTA.order();
    }

    /** Prompt tokens of a request's texts ({@link TokenCounter#promptTokens}). */
    public static long promptTokens(TokenCounter tokens, List<TextSegment> segments) {
        return tokens.promptTokens(segments);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        Long maxOut = ctx.request().maxOutputTokens();
        long outputAllowance = ctx.request().generates()
                ? (maxOut != null ? maxOut : ctx.decision().target().maxOutputTokens())
                : 0;
        Policy policy = ctx.policy();
        GatewayPrincipal p = ctx.principal();
        Limits.QuotaLine team = policy.quotaFor(Limits.Scope.TEAM, p.team());
        Long tpm = team == null ? null : team.tokensPerMinute();
        if (tpm == null) {
            ctx.metered(new StageResult.Metered(null, tokens, outputAllowance)); // nothing counted for a quota
            return chain.filter(exchange);
        }
        // counting the prompt is the costly part of an estimate: only here, where a token quota needs it
        long estimate = ctx.request().promptTokens(tokens) + outputAllowance;
        // the user's request was counted at REQUEST_QUOTA, before parsing and classification
        return Mono.fromFuture(() -> quotas.acquire(new QuotaRequest(p.user(), p.team(), null, tpm, estimate)))
                .flatMap(decision -> {
                    QuotaDecision earlier = ctx.quota();
                    ctx.metered(new StageResult.Metered(
                            new QuotaDecision(
                                    decision.outcome(),
                                    earlier == null ? null : earlier.requests(),
                                    decision.tokens(),
                                    decision.retryAfterSeconds(),
                                    decision.message()),
                            tokens,
                            outputAllowance));
                    Mono<Void> refused = refusal(decision, p, metrics);
                    return refused != null ? refused : chain.filter(exchange);
                });
    }

    /** The error for a refused quota decision, or null when it allows the request. */
    static Mono<Void> refusal(QuotaDecision decision, GatewayPrincipal p, GatewayMetrics metrics) {
        switch (decision.outcome()) {
            case REQUESTS_LIMITED, TOKENS_LIMITED -> {
                metrics.counter(
                                "gateway.quota.rejections",
                                "team",
                                p.team(),
                                "kind",
                                decision.outcome() == QuotaDecision.Outcome.REQUESTS_LIMITED ? "requests" : "tokens")
                        .increment();
                return Mono.error(new GatewayError.RateLimited(
                        "rate_limit_exceeded", decision.message(), Math.max(1, decision.retryAfterSeconds())));
            }
            case STORE_UNAVAILABLE -> {
                return Mono.error(new GatewayError.Unavailable("quota_store_unavailable", decision.message()));
            }
            default -> {
                return null;
            }
        }
    }
}
