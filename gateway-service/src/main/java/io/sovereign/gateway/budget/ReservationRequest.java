package io.sovereign.gateway.budget;

import java.time.Duration;
import java.time.YearMonth;
import java.util.List;

/**
 * Reserve {@code amountMicros} (the request's worst-case cost) against every line in {@code lines},
 * all or none, for the calendar month {@code month} (UTC). Spend is always recorded for the team and the
 * user, whether or not a line limits them. A reservation not settled or released within {@code ttl} is
 * purged by the store, so a crashed replica never holds budget for long.
 */
public record ReservationRequest(
        String reservationId,
        YearMonth month,
        String team,
        String user,
        List<BudgetLine> lines,
        long amountMicros,
        Duration ttl) {
    public ReservationRequest {
        requireName(reservationId, "reservationId");
        requireName(team, "team");
        requireName(user, "user");
        if (month == null) {
            throw new IllegalArgumentException("month is required");
        }
        lines = List.copyOf(lines);
        if (lines.stream().map(BudgetLine::scope).distinct().count() != lines.size()) {
            throw new IllegalArgumentException("at most one budget line per scope: " + lines);
        }
        if (amountMicros < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + amountMicros);
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
    }

    public BudgetLine line(BudgetLine.Scope scope) {
        return lines.stream().filter(l -> l.scope() == scope).findFirst().orElse(null);
    }

    /** Names are used inside store keys: the store's own naming rule. */
    static void requireName(String value, String what) {
        String problem = io.sovereign.gateway.store.StoreNames.problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(what + " cannot be used as a store key: " + problem);
        }
    }
}
