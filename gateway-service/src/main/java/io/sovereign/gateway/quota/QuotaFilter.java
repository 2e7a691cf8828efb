package io.sovereign.gateway.quota;

import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.TextSegment;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.metrics.GatewayMetrics;
import io.sovereign.gateway.pipeline.ClassifyFilter;
import io.sovereign.gateway.pipeline.RequestContext;
import io.sovereign.gateway.pipeline.Stage;
import io.sovereign.gateway.policy.Limits;
import io.sovereign.gateway.policy.Policy;

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

    /**
     * Prompt tokens as a chat API counts them: per message its role, content and name plus a fixed overhead
     * (see {@link TokenCounter#countChatPrompt}), plus tool definitions and embeddings input; the request's
     * other fields (model, options) are not prompt.
     */
    public static long promptTokens(TokenCounter tokens, List<TextSegment> segments) {
        java.util.Map<String, StringBuilder> messages = new java.util.LinkedHashMap<>();
        long other = 0;
        for (TextSegment s : segments) {
            String path = s.path();
            if (path.startsWith("messages[")) {
                messages.computeIfAbsent(path.substring(0, path.indexOf(']') + 1), k -> new StringBuilder()).append(s.text()).append(' ');
            } else if (path.startsWith("tools") || path.startsWith("functions") || path.startsWith("input") || path.startsWith("prompt")) {
                other += tokens.count(s.text());
            }
        }
        return (messages.isEmpty() ? 0 : tokens.countChatPrompt(messages.values().stream().map(StringBuilder::toString).toList())) + other;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        long prompt = promptTokens(tokens, ClassifyFilter.segments(ctx.request()));
        ctx.promptTokens(prompt);
        Long maxOut = ctx.request().maxOutputTokens();
        long estimate = prompt + (ctx.request().generates()
                ? (maxOut != null ? maxOut : ctx.decision().target().maxOutputTokens()) : 0);
        ctx.estimatedTokens(estimate);
        Policy policy = ctx.policy();
        GatewayPrincipal p = ctx.principal();
        Limits.QuotaLine team = policy.quotaFor(Limits.Scope.TEAM, p.team());
        Long tpm = team == null ? null : team.tokensPerMinute();
        if (tpm == null) {
            return chain.filter(exchange);
        }
        // the user's request was counted at REQUEST_QUOTA, before parsing and classification
        return Mono.fromFuture(() -> quotas.acquire(new QuotaRequest(p.user(), p.team(), null, tpm, estimate)))
                .flatMap(decision -> {
                    QuotaDecision earlier = ctx.quota();
                    ctx.quota(new QuotaDecision(decision.outcome(), earlier == null ? null : earlier.requests(),
                            decision.tokens(), decision.retryAfterSeconds(), decision.message()));
                    Mono<Void> refused = refusal(decision, p, metrics);
                    return refused != null ? refused : chain.filter(exchange);
                });
    }

    /** The error for a refused quota decision, or null when it allows the request. */
    static Mono<Void> refusal(QuotaDecision decision, GatewayPrincipal p, GatewayMetrics metrics) {
        switch (decision.outcome()) {
            case REQUESTS_LIMITED, TOKENS_LIMITED -> {
                metrics.counter("gateway.quota.rejections", "team", p.team(), "kind",
                        decision.outcome() == QuotaDecision.Outcome.REQUESTS_LIMITED ? "requests" : "tokens").increment();
                return Mono.error(new GatewayError.RateLimited("rate_limit_exceeded", decision.message(),
                        Math.max(1, decision.retryAfterSeconds())));
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
