package io.sovereign.gateway.pipeline;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.budget.Reservation;
import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.quota.QuotaDecision;
import io.sovereign.gateway.request.CanonicalRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.server.ServerWebExchange;

/**
 * Everything the pipeline learns about one request, under a single exchange attribute. Each stage stores its
 * {@link StageResult} once (a second store is a bug and throws); the accessors read the latest answer (the
 * redacted request after DECIDE, a budget downgrade's decision after BUDGET). What FORWARD and SETTLE observe while
 * the answer streams (attempts, timings, usage) is kept apart below. Holds no prompt text beyond the request
 * itself, and its toString prints none.
 */
public final class RequestContext {

    private static final String ATTRIBUTE = RequestContext.class.getName();

    private final String requestId;
    private final String clientRequestId;
    private final long startNanos;
    private GatewayPrincipal principal;
    private StageResult.Admitted admitted;
    private StageResult.Parsed parsed;
    private StageResult.Classified classified;
    private StageResult.Decided decided;
    private StageResult.Metered metered;
    private StageResult.Reserved reserved;

    // observed while forwarding and settling (the response side's; not stage results)
    private final List<String> attempts = new ArrayList<>(2);
    private String fallbackReason;
    private Usage usage;
    private long firstByteNanos;
    private long upstreamStartNanos;
    private String errorCode;
    private final AtomicBoolean settling = new AtomicBoolean();
    private volatile CompletableFuture<Void> detachedCall;

    /** Token counts reported by the upstream (or counted), and their cost frozen at settle time. */
    public record Usage(
            long inputTokens, long cachedInputTokens, long outputTokens, long costMicros, long alternativeCostMicros) {}

    RequestContext(String requestId, String clientRequestId, long startNanos) {
        this.requestId = requestId;
        this.clientRequestId = clientRequestId;
        this.startNanos = startNanos;
    }

    /** Gives the exchange its context (the entry filter, and tests that drive one stage). */
    public static RequestContext attach(ServerWebExchange exchange, String requestId, String clientRequestId) {
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

    /**
     * The authenticated caller of an endpoint the gateway answers itself: from the context (where AUTHENTICATE puts
     * it for {@code /v1}) or else Spring Security's principal ({@code /admin}); empty when neither ran.
     */
    public static reactor.core.publisher.Mono<GatewayPrincipal> caller(ServerWebExchange exchange) {
        RequestContext ctx = find(exchange);
        if (ctx != null && ctx.principal != null) {
            return reactor.core.publisher.Mono.just(ctx.principal);
        }
        return exchange.getPrincipal()
                .ofType(io.sovereign.gateway.auth.PrincipalAuthentication.class)
                .map(io.sovereign.gateway.auth.PrincipalAuthentication::principal);
    }

    private static <T> T once(T current, T next, String stage) {
        if (current != null) {
            throw new IllegalStateException(stage + " already stored its result for this request");
        }
        return java.util.Objects.requireNonNull(next, stage);
    }

    // --- stage results, stored once each ---

    /** AUTHENTICATE. */
    public void principal(GatewayPrincipal p) {
        principal = once(principal, p, "AUTHENTICATE");
    }

    public void admitted(StageResult.Admitted r) {
        admitted = once(admitted, r, "REQUEST_QUOTA");
    }

    public void parsed(StageResult.Parsed r) {
        parsed = once(parsed, r, "PARSE");
    }

    public void classified(StageResult.Classified r) {
        classified = once(classified, r, "CLASSIFY");
    }

    public void decided(StageResult.Decided r) {
        decided = once(decided, r, "DECIDE");
    }

    public void metered(StageResult.Metered r) {
        metered = once(metered, r, "QUOTA");
    }

    public void reserved(StageResult.Reserved r) {
        reserved = once(reserved, r, "BUDGET");
    }

    // --- what the stages concluded, as later stages read it ---

    /** Minted by the gateway for every request: the reservation, settlement and audit id. */
    public String requestId() {
        return requestId;
    }
    /** The caller's own {@code x-request-id} (sanitised, capped), or null; echoed and audited, never used as a key. */
    public String clientRequestId() {
        return clientRequestId;
    }

    public long startNanos() {
        return startNanos;
    }

    public GatewayPrincipal principal() {
        return principal;
    }
    /** The policy revision this request is decided and settled under, fixed at its first use. */
    public Policy policy() {
        return admitted == null ? null : admitted.policy();
    }

    /** The request to send: the redacted one after a redact rule, else the caller's as parsed. */
    public CanonicalRequest request() {
        return decided != null ? decided.adjudication().request() : parsed == null ? null : parsed.request();
    }

    /** The caller's request as parsed (before any redaction), or null before PARSE. */
    public CanonicalRequest callerRequest() {
        return parsed == null ? null : parsed.request();
    }

    /** The adjudicator's record (before any budget downgrade), or null before DECIDE or when it threw. */
    public io.sovereign.gateway.decide.Adjudication adjudication() {
        return decided == null ? null : decided.adjudication();
    }

    public Classification classification() {
        return classified == null ? null : classified.classification();
    }

    /** The decision: a budget downgrade's, else the adjudicator's (null before DECIDE, or when refused before a rule). */
    public Decision decision() {
        if (reserved != null && reserved.downgraded() != null) {
            return reserved.downgraded();
        }
        return decided == null ? null : decided.adjudication().decision();
    }

    /** The redaction whose values the answer gets back (a redact rule with restore), or null. */
    public io.sovereign.gateway.classify.Redaction restoring() {
        return decided != null && decided.adjudication().restores()
                ? decided.adjudication().redaction()
                : null;
    }

    /** The quota state for the rate-limit headers: the team's tokens (after QUOTA) beside the user's requests. */
    public QuotaDecision quota() {
        if (metered != null && metered.quota() != null) {
            return metered.quota();
        }
        return admitted == null ? null : admitted.requests();
    }

    /** Prompt tokens counted with a real tokenizer, on first use: the basis of quota and budget estimates. */
    public long promptTokens() {
        return metered == null || request() == null ? 0 : request().promptTokens(metered.counter());
    }

    /** Tokens charged against the team's per-minute quota before the call; corrected after it. */
    public long estimatedTokens() {
        return metered == null ? 0 : promptTokens() + metered.outputAllowance();
    }

    public Reservation reservation() {
        return reserved == null ? null : reserved.reservation();
    }

    public String budgetWarning() {
        return reserved == null ? null : reserved.budgetWarning();
    }

    // --- observed while forwarding and settling ---

    /** Targets tried, in order: the first is the decision's target, a second one the fallback. */
    public List<String> attempts() {
        return attempts;
    }

    public String fallbackReason() {
        return fallbackReason;
    }

    public void fallbackReason(String reason) {
        this.fallbackReason = reason;
    }

    public Usage usage() {
        return usage;
    }

    public void usage(Usage u) {
        this.usage = u;
    }

    public long firstByteNanos() {
        return firstByteNanos;
    }
    /** When the last upstream attempt started (for the upstream latency histogram). */
    public long upstreamStartNanos() {
        return upstreamStartNanos;
    }

    public void markUpstreamStart() {
        upstreamStartNanos = System.nanoTime();
        firstByteNanos = 0;
    }
    /** The OpenAI error code the caller got, if any. */
    public String errorCode() {
        return errorCode;
    }

    public void errorCode(String code) {
        this.errorCode = code;
    }
    /**
     * A non-streamed upstream call that runs to its end even if the caller goes away (so its usage is settled);
     * null before FORWARD, and for streams.
     */
    public CompletableFuture<Void> detachedCall() {
        return detachedCall;
    }

    public void detachedCall(CompletableFuture<Void> call) {
        this.detachedCall = call;
    }
    /** True once, for whoever settles (or releases) the reservation first. */
    public boolean claimSettlement() {
        return settling.compareAndSet(false, true);
    }

    public void markFirstByte() {
        if (firstByteNanos == 0) {
            firstByteNanos = System.nanoTime();
        }
    }

    /** The target that finally served (or was last tried for) the request. */
    public String servedTarget() {
        Decision d = decision();
        return attempts.isEmpty() ? (d == null ? null : d.targetName()) : attempts.get(attempts.size() - 1);
    }

    @Override
    public String toString() {
        return "RequestContext[" + requestId + "]";
    }
}
