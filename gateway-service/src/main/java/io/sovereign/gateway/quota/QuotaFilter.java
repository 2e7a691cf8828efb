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
 * QUOTA: requests per minute per user and tokens per minute per team, from the policy. The token estimate
 * (prompt tokens counted with a real tokenizer + the output cap) is corrected with actual usage at SETTLE.
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

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        List<String> texts = ClassifyFilter.segments(ctx.request()).stream().map(TextSegment::text).toList();
        long prompt = tokens.countChatPrompt(texts);
        ctx.promptTokens(prompt);
        Long maxOut = ctx.request() instanceof io.sovereign.gateway.openai.ChatCompletionRequest chat ? chat.maxOutputTokens() : null;
        long estimate = prompt + (ctx.request() instanceof io.sovereign.gateway.openai.ChatCompletionRequest
                ? (maxOut != null ? maxOut : ctx.decision().target().maxOutputTokens()) : 0);
        ctx.estimatedTokens(estimate);
        Policy policy = ctx.policy();
        GatewayPrincipal p = ctx.principal();
        Limits.QuotaLine user = policy.quotaFor(Limits.Scope.USER, p.user());
        Limits.QuotaLine team = policy.quotaFor(Limits.Scope.TEAM, p.team());
        Long rpm = user == null ? null : user.requestsPerMinute();
        Long tpm = team == null ? null : team.tokensPerMinute();
        if (rpm == null && tpm == null) {
            return chain.filter(exchange);
        }
        return Mono.fromFuture(() -> quotas.acquire(new QuotaRequest(p.user(), p.team(), rpm, tpm, estimate)))
                .flatMap(decision -> {
                    ctx.quota(decision);
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
                            return chain.filter(exchange);
                        }
                    }
                });
    }
}
