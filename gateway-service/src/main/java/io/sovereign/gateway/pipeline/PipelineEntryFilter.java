package io.sovereign.gateway.pipeline;

import io.netty.util.AsciiString;
import io.sovereign.gateway.error.ErrorResponses;
import io.sovereign.gateway.policy.Decision;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Where every request enters: it gets a request id and a context, every failure on the way is rendered
 * as an OpenAI error here, the gateway's headers are set just before the response commits, and the
 * RECORD stage runs when the exchange completes, success or not.
 */
public final class PipelineEntryFilter implements WebFilter, Ordered {

    public static final String REQUEST_ID = "x-request-id";
    /** The caller's own id, echoed back; it names nothing inside the gateway (money and audit use the minted id). */
    public static final String CLIENT_REQUEST_ID = "x-client-request-id";

    static final int MAX_CLIENT_REQUEST_ID = 128;
    private static final Pattern UNSAFE_ID_CHARS = Pattern.compile("[^A-Za-z0-9._:/=+-]");

    private final RequestRecorder recorder;
    private final long maxBodyBytes;

    public PipelineEntryFilter(RequestRecorder recorder, long maxBodyBytes) {
        this.recorder = recorder;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // before Spring Security, so that 401s carry a request id too
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // always minted here: a caller-chosen id would name the budget reservation and its once-only settlement,
        // so repeating one would make every repeat free (and let one caller settle another's request)
        String requestId = newRequestId();
        RequestContext ctx = RequestContext.attach(
                exchange,
                requestId,
                clientRequestId(exchange.getRequest().getHeaders().getFirst(REQUEST_ID)));
        exchange.getResponse().beforeCommit(() -> {
            dropUpstreamAccountHeaders(exchange.getResponse());
            setHeaders(exchange.getResponse().getHeaders(), ctx);
            return Mono.empty();
        });
        return chain.filter(exchange)
                .onErrorResume(e -> {
                    io.sovereign.gateway.error.GatewayError error =
                            ErrorResponses.toGatewayError(e, requestId, maxBodyBytes);
                    // the mapped error, so an unknown path is audited as not_found rather than internal_error
                    return ErrorResponses.write(exchange, error).doOnSubscribe(s -> recorder.failed(ctx, error));
                })
                .doFinally(signal -> recorder.record(exchange, ctx, signal));
    }

    /**
     * The caller's {@code x-request-id}, kept only to echo and audit it: characters outside a conservative set
     * are dropped (no header or log injection) and the rest is capped; null when nothing usable remains.
     */
    static String clientRequestId(String offered) {
        if (offered == null) {
            return null;
        }
        String safe = UNSAFE_ID_CHARS
                .matcher(
                        offered.length() > 4 * MAX_CLIENT_REQUEST_ID
                                ? offered.substring(0, 4 * MAX_CLIENT_REQUEST_ID)
                                : offered)
                .replaceAll("");
        if (safe.length() > MAX_CLIENT_REQUEST_ID) {
            safe = safe.substring(0, MAX_CLIENT_REQUEST_ID);
        }
        return safe.isEmpty() ? null : safe;
    }

    /** 128 random bits as a UUID string; unique, not secret, so no SecureRandom (and its lock) per request. */
    static String newRequestId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID(r.nextLong(), r.nextLong()).toString();
    }

    /**
     * Upstream account details and rate limits describe the gateway's key, not the caller's. Read from Netty's own
     * header list where the response is Netty's: Spring's {@code headerNames()} builds a case-insensitive map of
     * every name, on every response, to find the few (usually none) to remove.
     */
    static void dropUpstreamAccountHeaders(ServerHttpResponse response) {
        Object nativeResponse;
        try {
            nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        } catch (IllegalArgumentException notAbstract) {
            nativeResponse = null;
        }
        java.util.List<String> drop = null;
        if (nativeResponse instanceof HttpServerResponse netty) {
            io.netty.handler.codec.http.HttpHeaders headers = netty.responseHeaders();
            for (var it = headers.iteratorCharSequence(); it.hasNext(); ) {
                CharSequence name = it.next().getKey();
                if (accountHeader(name)) {
                    (drop == null ? drop = new java.util.ArrayList<>(4) : drop).add(name.toString());
                }
            }
            if (drop != null) {
                drop.forEach(headers::remove);
            }
            return;
        }
        HttpHeaders headers = response.getHeaders();
        for (String name : java.util.List.copyOf(headers.headerNames())) {
            if (accountHeader(name)) {
                headers.remove(name);
            }
        }
    }

    private static boolean accountHeader(CharSequence name) {
        return AsciiString.regionMatches(name, true, 0, "openai-", 0, 7)
                || AsciiString.regionMatches(name, true, 0, "x-ratelimit-", 0, 12)
                || AsciiString.contentEqualsIgnoreCase(name, "set-cookie");
    }

    private static void setHeaders(HttpHeaders headers, RequestContext ctx) {
        headers.set(REQUEST_ID, ctx.requestId());
        if (ctx.clientRequestId() != null) {
            headers.set(CLIENT_REQUEST_ID, ctx.clientRequestId());
        }
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

    private static void rateLimitHeaders(
            HttpHeaders headers, String kind, io.sovereign.gateway.quota.RateLimitState s) {
        if (s != null) {
            headers.set("x-ratelimit-limit-" + kind, Long.toString(s.limit()));
            headers.set("x-ratelimit-remaining-" + kind, Long.toString(s.remaining()));
            headers.set("x-ratelimit-reset-" + kind, s.resetHeader());
        }
    }
}
