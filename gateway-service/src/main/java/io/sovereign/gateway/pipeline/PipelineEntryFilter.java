package io.sovereign.gateway.pipeline;

import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import io.sovereign.gateway.error.ErrorResponses;
import io.sovereign.gateway.policy.Decision;

/**
 * Where every request enters: it gets a request id and a context, every failure on the way is rendered
 * as an OpenAI error here, the gateway's headers are set just before the response commits, and the
 * RECORD stage runs when the exchange completes, success or not.
 */
public final class PipelineEntryFilter implements WebFilter, Ordered {

    public static final String REQUEST_ID = "x-request-id";
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final RequestRecorder recorder;
    private final long maxBodyBytes;

    public PipelineEntryFilter(RequestRecorder recorder, long maxBodyBytes) {
        this.recorder = recorder;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;   // before Spring Security, so that 401s carry a request id too
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String offered = exchange.getRequest().getHeaders().getFirst(REQUEST_ID);
        String requestId = offered != null && SAFE_REQUEST_ID.matcher(offered).matches() ? offered : newRequestId();
        RequestContext ctx = RequestContext.attach(exchange, requestId);
        exchange.getResponse().beforeCommit(() -> {
            setHeaders(exchange.getResponse().getHeaders(), ctx);
            return Mono.empty();
        });
        return chain.filter(exchange)
                .onErrorResume(e -> ErrorResponses.write(exchange, ErrorResponses.toGatewayError(e, requestId, maxBodyBytes))
                        .doOnSubscribe(s -> recorder.failed(ctx, e)))
                .doFinally(signal -> recorder.record(exchange, ctx, signal));
    }

    /** 128 random bits as a UUID string; unique, not secret, so no SecureRandom (and its lock) per request. */
    static String newRequestId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID(r.nextLong(), r.nextLong()).toString();
    }

    private static void setHeaders(HttpHeaders headers, RequestContext ctx) {
        // upstream account details and rate limits describe the gateway's key, not the caller's
        for (String name : java.util.List.copyOf(headers.headerNames())) {
            if (name.regionMatches(true, 0, "openai-", 0, 7) || name.regionMatches(true, 0, "x-ratelimit-", 0, 12)
                    || name.equalsIgnoreCase("set-cookie")) {
                headers.remove(name);
            }
        }
        headers.set(REQUEST_ID, ctx.requestId());
        Decision d = ctx.decision();
        if (d != null) {
            headers.set("x-gateway-rule", d.rule());
            headers.set("x-gateway-level", d.level().wire());
            String target = ctx.servedTarget();
            if (target != null) {
                headers.set("x-gateway-target", target);
            }
        }
        if (ctx.policy() != null) {
            headers.set("x-gateway-policy-revision", ctx.policy().revision());
        }
        io.sovereign.gateway.quota.QuotaDecision q = ctx.quota();
        if (q != null) {
            rateLimitHeaders(headers, "requests", q.requests());
            rateLimitHeaders(headers, "tokens", q.tokens());
        }
        if (ctx.budgetWarning() != null) {
            headers.set("x-gateway-budget-warning", ctx.budgetWarning());
        }
    }

    private static void rateLimitHeaders(HttpHeaders headers, String kind, io.sovereign.gateway.quota.RateLimitState s) {
        if (s != null) {
            headers.set("x-ratelimit-limit-" + kind, Long.toString(s.limit()));
            headers.set("x-ratelimit-remaining-" + kind, Long.toString(s.remaining()));
            headers.set("x-ratelimit-reset-" + kind, s.resetHeader());
        }
    }
}
