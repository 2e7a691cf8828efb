package io.sovereign.gateway.pipeline;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.budget.BudgetLine;
import io.sovereign.gateway.budget.BudgetStore;
import io.sovereign.gateway.budget.ReservationRequest;
import io.sovereign.gateway.budget.ReserveResult;
import io.sovereign.gateway.budget.WorstCase;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.metrics.GatewayMetrics;
import io.sovereign.gateway.money.MicroUsd;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.Limits;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * BUDGET: reserves the request's worst-case cost ({@link WorstCase}: prompt tokens + n x output cap at the dearer
 * of the target's and its fallback's price) against
 * every monthly budget that applies, atomically, before anything is forwarded; so concurrent requests can
 * never overspend. An exhausted line denies (429 insufficient_quota) or downgrades to on-prem, as the policy
 * says; a downgrade goes to the on-prem target (the egress guard holds every send to the ceiling). The reservation is released if
 * the request ends without a settlement.
 */
public final class BudgetFilter implements GlobalFilter, Ordered {

    private final BudgetStore budgets;
    private final Settler settler;
    private final Duration ttl;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final Duration abandonedCallTimeout;

    public BudgetFilter(
            BudgetStore budgets,
            Settler settler,
            Duration ttl,
            Clock clock,
            GatewayMetrics metrics,
            Duration abandonedCallTimeout) {
        this.abandonedCallTimeout = abandonedCallTimeout;
        this.budgets = budgets;
        this.settler = settler;
        this.ttl = ttl;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public int getOrder() {
        return Stage.BUDGET.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        Policy policy = ctx.policy();
        GatewayPrincipal p = ctx.principal();
        Limits.BudgetLine team = policy.budgetFor(Limits.Scope.TEAM, p.team());
        Limits.BudgetLine user = policy.budgetFor(Limits.Scope.USER, p.user());
        return reserve(ctx, team, user, ctx.decision().target(), ctx.decision().fallback(), null)
                .doOnNext(ctx::reserved)
                .then(Mono.defer(() -> chain.filter(exchange)))
                .doFinally(signal -> {
                    java.util.concurrent.CompletableFuture<Void> call = ctx.detachedCall();
                    if (signal == reactor.core.publisher.SignalType.CANCEL && call != null && !call.isDone()) {
                        // the caller left while the target works: its answer is settled when it comes (bounded)
                        settler.settleAbandoned(ctx, call, abandonedCallTimeout);
                    } else {
                        settler.release(ctx); // no-op when SETTLE got there first
                    }
                });
    }

    /** @param downgraded the decision a downgrade made (null on the first try, which alone may downgrade) */
    private Mono<StageResult.Reserved> reserve(
            RequestContext ctx,
            Limits.BudgetLine team,
            Limits.BudgetLine user,
            Target target,
            Target fallback,
            Decision downgraded) {
        List<BudgetLine> lines = new ArrayList<>(2);
        if (team != null) {
            lines.add(BudgetLine.team(team.monthlyMicros()));
        }
        if (user != null) {
            lines.add(BudgetLine.user(user.monthlyMicros()));
        }
        List<Target> candidates = WorstCase.candidates(target, fallback);
        try {
            WorstCase.checkChoices(ctx.request(), candidates);
        } catch (GatewayError e) {
            return Mono.error(e);
        }
        // a free target's worst case is 0 whatever the prompt: the tokenizer runs only for a priced one
        boolean priced = candidates.stream().anyMatch(t -> t.price().inputMicrosPerMillion() > 0);
        long amount = WorstCase.reservationMicros(ctx.request(), priced ? ctx.promptTokens() : 0, candidates);
        GatewayPrincipal p = ctx.principal();
        ReservationRequest request =
                new ReservationRequest(ctx.requestId(), YearMonth.now(clock), p.team(), p.user(), lines, amount, ttl);
        return Mono.fromFuture(() -> budgets.reserve(request)).flatMap(result -> {
            if (result instanceof ReserveResult.Reserved reserved) {
                metrics.budgetSoftLimit(p.team());
                return Mono.just(new StageResult.Reserved(
                        reserved.reservation(), softWarning(reserved, team, user, p), downgraded));
            }
            if (result instanceof ReserveResult.StoreUnavailable down) {
                return Mono.error(new GatewayError.Unavailable("budget_store_unavailable", down.message()));
            }
            ReserveResult.Refused refused = (ReserveResult.Refused) result;
            Limits.BudgetLine line = refused.scope() == BudgetLine.Scope.TEAM ? team : user;
            Policy policy = ctx.policy();
            if (downgraded == null
                    && line.onExhausted() == Limits.OnExhausted.DOWNGRADE_TO_ONPREM
                    && policy.onpremTarget() != null
                    && ctx.request().generates()) {
                metrics.counter("gateway.budget.rejections", "team", p.team(), "result", "downgrade")
                        .increment();
                Target onprem = policy.onpremTarget();
                Decision d = ctx.decision();
                List<String> notes = new ArrayList<>(d.notes());
                notes.add("downgraded on-prem: " + refused.message());
                // an on-prem target without fallback: nothing for the ceiling to change (the egress guard enforces it)
                Decision down = new Decision(
                        d.revision(),
                        d.rule(),
                        d.kind(),
                        onprem,
                        null,
                        onprem.model(),
                        d.level(),
                        d.detectors(),
                        null,
                        d.restore(),
                        notes);
                // the exhausted line is not charged further; the spend is still recorded in the ledger
                return reserve(
                                ctx,
                                refused.scope() == BudgetLine.Scope.TEAM ? null : team,
                                refused.scope() == BudgetLine.Scope.USER ? null : user,
                                onprem,
                                null,
                                down)
                        .onErrorResume(e -> {
                            // refused on-prem too: the downgrade is still what was decided, for the headers and the
                            // audit
                            ctx.reserved(new StageResult.Reserved(null, null, down));
                            return Mono.error(e);
                        });
            }
            metrics.counter("gateway.budget.rejections", "team", p.team(), "result", "deny")
                    .increment();
            return Mono.error(new GatewayError.RateLimited(
                    "insufficient_quota",
                    "You exceeded your current quota: " + refused.message() + ".",
                    secondsUntil(refused.resetDate())));
        });
    }

    private String softWarning(
            ReserveResult.Reserved r, Limits.BudgetLine team, Limits.BudgetLine user, GatewayPrincipal p) {
        for (Limits.BudgetLine line : new Limits.BudgetLine[] {team, user}) {
            if (line == null || line.softMicros() == null) {
                continue;
            }
            BudgetLine.Scope scope = line.scope() == Limits.Scope.TEAM ? BudgetLine.Scope.TEAM : BudgetLine.Scope.USER;
            long committed = r.committedMicros(scope);
            if (committed >= line.softMicros()) {
                metrics.counter("gateway.budget.soft.threshold.crossings", "team", p.team())
                        .increment();
                return scope.label() + " '" + (scope == BudgetLine.Scope.TEAM ? p.team() : p.user()) + "' has used "
                        + (committed * 100 / Math.max(1, line.monthlyMicros())) + "% of its "
                        + MicroUsd.format(line.monthlyMicros())
                        + " monthly budget";
            }
        }
        return null;
    }

    private long secondsUntil(java.time.LocalDate date) {
        return Math.max(
                1,
                Duration.between(
                                clock.instant(),
                                date.atStartOfDay(java.time.ZoneOffset.UTC).toInstant())
                        .toSeconds());
    }
}
