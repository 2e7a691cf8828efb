package io.sovereign.gateway.admin;

import io.sovereign.gateway.budget.BudgetStore;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.policy.PolicyHolder;
import io.sovereign.gateway.store.StoreUnavailableException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /admin/spend?month=YYYY-MM[&format=csv]}: the month's ledger for finance, JSON or CSV. */
public final class SpendHandler {

    private final BudgetStore budgets;
    private final PolicyHolder policies;
    private final Clock clock;

    public SpendHandler(BudgetStore budgets, PolicyHolder policies, Clock clock) {
        this.budgets = budgets;
        this.policies = policies;
        this.clock = clock;
    }

    public Mono<ServerResponse> spend(ServerRequest request) {
        YearMonth month;
        String m = request.queryParam("month").orElse(null);
        try {
            month = m == null ? YearMonth.now(clock) : YearMonth.parse(m);
        } catch (DateTimeParseException e) {
            return Mono.error(
                    new GatewayError.InvalidRequest("Invalid 'month': expected YYYY-MM, e.g. 2026-11.", "month"));
        }
        String format = request.queryParam("format").orElse("json");
        if (!format.equals("json") && !format.equals("csv")) {
            return Mono.error(new GatewayError.InvalidRequest("Invalid 'format': use json or csv.", "format"));
        }
        return Mono.fromFuture(() -> budgets.report(month))
                .onErrorMap(
                        StoreUnavailableException.class,
                        e -> new GatewayError.Unavailable(
                                "budget_store_unavailable",
                                "The spend ledger cannot be read right now: " + e.getMessage()))
                .flatMap(report -> format.equals("csv")
                        ? ServerResponse.ok()
                                .contentType(new MediaType("text", "csv"))
                                .header("Content-Disposition", "attachment; filename=\"spend-" + month + ".csv\"")
                                .bodyValue(report.toCsv())
                        : ServerResponse.ok()
                                .contentType(MediaType.APPLICATION_JSON)
                                .header(
                                        "x-gateway-policy-revision",
                                        policies.current().revision())
                                .bodyValue(report.toJson()));
    }
}
