package io.sovereign.gateway.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.springframework.web.server.ServerWebExchange;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.Policy;

/**
 * Everything the pipeline learns about one request, under a single exchange attribute. Each stage
 * fills its part; later stages and the record step read it. Holds no prompt text beyond the parsed
 * request itself, and its toString prints none.
 */
public final class RequestContext {

    private static final String ATTRIBUTE = RequestContext.class.getName();

    private final String requestId;
    private final String clientRequestId;
    private final long startNanos;
    private GatewayPrincipal principal;
    private Policy policy;
    private CanonicalRequest request;
    private Classification classification;
    private Decision decision;
    private final List<String> attempts = new ArrayList<>(2);
    private String fallbackReason;
    private Usage usage;
    private long firstByteNanos;
    private long upstreamStartNanos;
    private String errorCode;
    private long promptTokens;
    private long estimatedTokens;
    private io.sovereign.gateway.quota.QuotaDecision quota;
    private io.sovereign.gateway.budget.Reservation reservation;
    private String budgetWarning;
    private final java.util.concurrent.atomic.AtomicBoolean settling = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile java.util.concurrent.CompletableFuture<Void> detachedCall;

    /** Token counts reported by the upstream (or counted), and their cost frozen at settle time. */
    public record Usage(long inputTokens, long cachedInputTokens, long outputTokens, long costMicros, long alternativeCostMicros) {
    }

    RequestContext(String requestId, String clientRequestId, long startNanos) {
        this.requestId = requestId;
        this.clientRequestId = clientRequestId;
        this.startNanos = startNanos;
    }

    static RequestContext attach(ServerWebExchange exchange, String requestId, String clientRequestId) {
        RequestContext ctx = new RequestContext(requestId, clientRequestId, System.nanoTime());
        exchange.getAttributes().put(ATTRIBUTE, ctx);
        return ctx;
    }

    /** The context of this exchange; every request passes the entry filter, so it is always there. */
    public static RequestContext of(ServerWebExchange exchange) {
        RequestContext ctx = exchange.getAttribute(ATTRIBUTE);
        if (ctx == null) {
            throw new IllegalStateException("no request context: PipelineEntryFilter did not run");
        }
        return ctx;
    }

    public static RequestContext find(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    /** Minted by the gateway for every request: the reservation, settlement and audit id. */
    public String requestId() { return requestId; }
    /** The caller's own {@code x-request-id} (sanitised, capped), or null; echoed and audited, never used as a key. */
    public String clientRequestId() { return clientRequestId; }
    public long startNanos() { return startNanos; }
    public GatewayPrincipal principal() { return principal; }
    public void principal(GatewayPrincipal p) { this.principal = p; }
    /** The policy revision this request is decided and settled under, fixed at its first use. */
    public Policy policy() { return policy; }
    public void policy(Policy p) { this.policy = p; }
    public CanonicalRequest request() { return request; }
    public void request(CanonicalRequest r) { this.request = r; }
    public Classification classification() { return classification; }
    public void classification(Classification c) { this.classification = c; }
    public Decision decision() { return decision; }
    public void decision(Decision d) { this.decision = d; }
    /** Targets tried, in order: the first is the decision's target, a second one the fallback. */
    public List<String> attempts() { return attempts; }
    public String fallbackReason() { return fallbackReason; }
    public void fallbackReason(String reason) { this.fallbackReason = reason; }
    public Usage usage() { return usage; }
    public void usage(Usage u) { this.usage = u; }
    public long firstByteNanos() { return firstByteNanos; }
    /** When the last upstream attempt started (for the upstream latency histogram). */
    public long upstreamStartNanos() { return upstreamStartNanos; }
    public void markUpstreamStart() { upstreamStartNanos = System.nanoTime(); firstByteNanos = 0; }
    /** The OpenAI error code the caller got, if any. */
    public String errorCode() { return errorCode; }
    /** Prompt tokens counted before the call (jtokkit), the basis of quota and budget estimates. */
    public long promptTokens() { return promptTokens; }
    public void promptTokens(long n) { this.promptTokens = n; }
    /** Tokens charged against the team's per-minute quota before the call; corrected after it. */
    public long estimatedTokens() { return estimatedTokens; }
    public void estimatedTokens(long n) { this.estimatedTokens = n; }
    public io.sovereign.gateway.quota.QuotaDecision quota() { return quota; }
    public void quota(io.sovereign.gateway.quota.QuotaDecision q) { this.quota = q; }
    public io.sovereign.gateway.budget.Reservation reservation() { return reservation; }
    public void reservation(io.sovereign.gateway.budget.Reservation r) { this.reservation = r; }
    public String budgetWarning() { return budgetWarning; }
    public void budgetWarning(String w) { this.budgetWarning = w; }
    /**
     * A non-streamed upstream call that runs to its end even if the caller goes away (so its usage is settled);
     * null before FORWARD, and for streams.
     */
    public java.util.concurrent.CompletableFuture<Void> detachedCall() { return detachedCall; }
    public void detachedCall(java.util.concurrent.CompletableFuture<Void> call) { this.detachedCall = call; }
    /** True once, for whoever settles (or releases) the reservation first. */
    public boolean claimSettlement() { return settling.compareAndSet(false, true); }
    public void errorCode(String code) { this.errorCode = code; }
    public void markFirstByte() {
        if (firstByteNanos == 0) {
            firstByteNanos = System.nanoTime();
        }
    }

    /** The target that finally served (or was last tried for) the request. */
    public String servedTarget() {
        return attempts.isEmpty() ? (decision == null ? null : decision.targetName()) : attempts.get(attempts.size() - 1);
    }

    @Override
    public String toString() {
        return "RequestContext[" + requestId + "]";
    }
}
