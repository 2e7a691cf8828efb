package io.sovereign.gateway.pipeline;

import io.sovereign.gateway.budget.BudgetStore;
import io.sovereign.gateway.budget.Reservation;
import io.sovereign.gateway.budget.SettledUsage;
import io.sovereign.gateway.budget.WorstCase;
import io.sovereign.gateway.money.Price;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.Target;
import io.sovereign.gateway.quota.QuotaService;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a request's money trail exactly once: actual usage replaces the budget reservation (and corrects the
 * team's token quota), or, when nothing was generated, the reservation is released and the tokens refunded.
 */
public final class Settler {

    private static final Logger log = LoggerFactory.getLogger(Settler.class);

    private final BudgetStore budgets;
    private final QuotaService quotas;

    public Settler(BudgetStore budgets, QuotaService quotas) {
        this.budgets = budgets;
        this.quotas = quotas;
    }

    /** Settles what the target reported (or what was counted); a no-op if the request was already settled. */
    public CompletableFuture<Void> settle(
            RequestContext ctx, Target served, long inputTokens, long cachedInputTokens, long outputTokens) {
        if (!ctx.claimSettlement()) {
            return CompletableFuture.completedFuture(null);
        }
        correctQuota(ctx, inputTokens + outputTokens);
        Reservation reservation = ctx.reservation();
        Price alternative = alternativePrice(ctx.policy(), served);
        String model = !ctx.request().generates() ? served.embeddingModel() : served.model();
        SettledUsage usage = new SettledUsage(
                served.name(), model, inputTokens, cachedInputTokens, outputTokens, served.price(), alternative);
        if (reservation == null) {
            ctx.usage(new RequestContext.Usage(
                    inputTokens, cachedInputTokens, outputTokens, usage.costMicros(), usage.alternativeCostMicros()));
            return CompletableFuture.completedFuture(null);
        }
        return budgets.settle(reservation, usage).handle((s, e) -> {
            if (e != null) {
                log.error("request {}: settling reservation failed", ctx.requestId(), e);
            }
            ctx.usage(new RequestContext.Usage(
                    inputTokens,
                    cachedInputTokens,
                    outputTokens,
                    s == null ? usage.costMicros() : s.costMicros(),
                    s == null ? usage.alternativeCostMicros() : s.alternativeCostMicros()));
            return null;
        });
    }

    /**
     * The caller went away while a non-streamed call was upstream. The call goes on; when it ends, SETTLE has
     * charged its reported usage. If it has not ended within {@code bound} it is cancelled and charged as the
     * reservation assumed (prompt + the output cap); if it failed, nothing was generated and the hold is released.
     */
    public void settleAbandoned(RequestContext ctx, CompletableFuture<Void> call, java.time.Duration bound) {
        CompletableFuture.delayedExecutor(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> call.cancel(false));
        call.whenComplete((v, e) -> {
            if (call.isCancelled()) {
                Target served = ctx.policy().target(ctx.servedTarget());
                log.warn(
                        "request {}: the caller left and target '{}' had not answered within {}; charged as reserved",
                        ctx.requestId(),
                        served.name(),
                        bound);
                settle(ctx, served, ctx.promptTokens(), 0, WorstCase.outputTokens(ctx.request(), served));
            } else {
                release(ctx); // no-op when the answer was settled
            }
        });
    }

    /** Nothing reached the caller: free the reservation and refund the estimated tokens. */
    public void release(RequestContext ctx) {
        if (!ctx.claimSettlement()) {
            return;
        }
        correctQuota(ctx, 0);
        if (ctx.reservation() != null) {
            budgets.release(ctx.reservation()).exceptionally(e -> {
                log.error("request {}: releasing reservation failed (it expires with its TTL)", ctx.requestId(), e);
                return false;
            });
        }
    }

    private void correctQuota(RequestContext ctx, long actualTokens) {
        var q = ctx.quota();
        if (q != null && q.tokens() != null && ctx.principal() != null) {
            quotas.correctTokens(ctx.principal().team(), q.tokens().limit(), ctx.estimatedTokens(), actualTokens);
        }
    }

    /** What the same tokens would have cost on the other side of the building's wall. */
    static Price alternativePrice(Policy policy, Target served) {
        if (served.external()) {
            Target onprem = policy.onpremTarget();
            return onprem == null ? served.price() : onprem.price();
        }
        for (Target t : policy.targets().values()) {
            if (t.external()) {
                return t.price();
            }
        }
        return served.price();
    }
}
