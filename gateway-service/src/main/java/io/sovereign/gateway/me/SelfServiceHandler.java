package io.sovereign.gateway.me;

import io.sovereign.gateway.budget.BudgetStore;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.pipeline.RequestContext;
import io.sovereign.gateway.pipeline.StageResult;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyHolder;
import io.sovereign.gateway.quota.QuotaDecision;
import io.sovereign.gateway.quota.QuotaService;
import io.sovereign.gateway.store.StoreUnavailableException;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/me}: the caller's identity, limits and models ({@link SelfService}). Takes nothing from any
 * quota. Its quota figures also go out as the {@code x-ratelimit-*} headers, written by the same code that writes
 * them on API calls (the request context's quota state), so headers and body cannot disagree.
 */
public final class SelfServiceHandler {

    private final PolicyHolder policies;
    private final QuotaService quotas;
    private final BudgetStore budgets;
    private final Set<String> gatewayRoles;
    private final Clock clock;

    public SelfServiceHandler(
            PolicyHolder policies, QuotaService quotas, BudgetStore budgets, Set<String> gatewayRoles, Clock clock) {
        this.policies = policies;
        this.quotas = quotas;
        this.budgets = budgets;
        this.gatewayRoles = Set.copyOf(gatewayRoles);
        this.clock = clock;
    }

    public Mono<ServerResponse> me(ServerRequest request) {
        Policy policy = policies.current();
        YearMonth month = YearMonth.now(clock);
        return RequestContext.caller(request.exchange()).flatMap(p -> Mono.fromFuture(
                        () -> quotas.peek(SelfService.quotaRequest(policy, p)))
                .flatMap(q -> {
                    if (q.outcome() == QuotaDecision.Outcome.STORE_UNAVAILABLE) {
                        return Mono.error(new GatewayError.Unavailable(
                                "quota_store_unavailable", "Your quotas cannot be read right now: " + q.message()));
                    }
                    RequestContext ctx = RequestContext.find(request.exchange());
                    if (ctx != null) { // the entry filter writes x-ratelimit-* from it, as on API calls
                        ctx.admitted(new StageResult.Admitted(policy, q));
                    }
                    return Mono.fromFuture(() -> budgets.report(month))
                            .onErrorMap(
                                    StoreUnavailableException.class,
                                    e -> new GatewayError.Unavailable(
                                            "budget_store_unavailable",
                                            "Your budgets cannot be read right now: " + e.getMessage()))
                            .flatMap(spend -> ServerResponse.ok()
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .bodyValue(RequestParser.JSON.writeValueAsBytes(
                                            SelfService.render(p, gatewayRoles, policy, q, spend, month))));
                }));
    }
}
