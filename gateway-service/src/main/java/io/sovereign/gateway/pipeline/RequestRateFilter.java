package io.sovereign.gateway.pipeline;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.metrics.GatewayMetrics;
import io.sovereign.gateway.policy.Limits;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyHolder;
import io.sovereign.gateway.quota.QuotaRequest;
import io.sovereign.gateway.quota.QuotaService;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * REQUEST_QUOTA: the user's requests per minute, taken before the body is read, parsed and classified, so that
 * a caller over the limit costs the replica no CPU (a 4 MB adversarial body included). A request refused later
 * (bad input, the team's tokens per minute, a budget) has still used its slot: it was worked on.
 */
public final class RequestRateFilter implements GlobalFilter, Ordered {

    private final PolicyHolder policies;
    private final QuotaService quotas;
    private final GatewayMetrics metrics;

    public RequestRateFilter(PolicyHolder policies, QuotaService quotas, GatewayMetrics metrics) {
        this.policies = policies;
        this.quotas = quotas;
        this.metrics = metrics;
    }

    @Override
    public int getOrder() {
        return Stage.REQUEST_QUOTA.order();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext ctx = RequestContext.of(exchange);
        Policy policy = policies.current();
        GatewayPrincipal p = ctx.principal();
        Limits.QuotaLine user = policy.quotaFor(Limits.Scope.USER, p.user());
        Long rpm = user == null ? null : user.requestsPerMinute();
        if (rpm == null) {
            ctx.admitted(new StageResult.Admitted(policy, null)); // decided and settled under this revision
            return chain.filter(exchange);
        }
        return Mono.fromFuture(() -> quotas.acquire(new QuotaRequest(p.user(), p.team(), rpm, null, 0)))
                .flatMap(decision -> {
                    ctx.admitted(new StageResult.Admitted(policy, decision));
                    Mono<Void> refused = QuotaFilter.refusal(decision, p, metrics);
                    return refused != null ? refused : chain.filter(exchange);
                });
    }
}
