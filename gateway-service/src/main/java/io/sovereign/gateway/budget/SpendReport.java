package io.sovereign.gateway.budget;

import java.time.YearMonth;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A month of spend, shaped like the spend API contract: {@code {"month", "teams", "users", "targets",
 * "models"}}, each a map of {@link SpendTotals}. Maps are sorted by key so the JSON and CSV are stable.
 * A user who spent in two teams appears once in {@code users} with both teams' figures added.
 */
public record SpendReport(
        YearMonth month,
        Map<String, SpendTotals> teams,
        Map<String, SpendTotals> users,
        Map<String, SpendTotals> targets,
        Map<String, SpendTotals> models,
        List<LedgerRow> rows) {

    public SpendReport {
        teams = Collections.unmodifiableMap(new TreeMap<>(teams));
        users = Collections.unmodifiableMap(new TreeMap<>(users));
        targets = Collections.unmodifiableMap(new TreeMap<>(targets));
        models = Collections.unmodifiableMap(new TreeMap<>(models));
        rows = List.copyOf(rows);
    }

    /** Totals of every team (equal to the sum over users, targets or models). */
    public SpendTotals total() {
        SpendTotals t = SpendTotals.ZERO;
        for (LedgerRow row : rows) {
            t = t.plus(row);
        }
        return t;
    }

    public String toJson() {
        return SpendReportFormat.json(this);
    }

    public String toCsv() {
        return SpendReportFormat.csv(this);
    }

    /** Collects ledger rows, held reservations and current limits into a report. */
    public static final class Builder {
        private final YearMonth month;
        private final List<LedgerRow> rows = new java.util.ArrayList<>();
        private final Map<String, SpendTotals> teams = new TreeMap<>();
        private final Map<String, SpendTotals> users = new TreeMap<>();
        private final Map<String, SpendTotals> targets = new TreeMap<>();
        private final Map<String, SpendTotals> models = new TreeMap<>();

        public Builder(YearMonth month) {
            this.month = month;
        }

        public Builder row(LedgerRow row) {
            rows.add(row);
            add(teams, row.team(), t -> t.plus(row));
            add(users, row.user(), t -> t.plus(row));
            add(targets, row.target(), t -> t.plus(row));
            add(models, row.model(), t -> t.plus(row));
            return this;
        }

        public Builder reserved(BudgetLine.Scope scope, String name, long micros) {
            if (micros != 0) {
                add(scope == BudgetLine.Scope.TEAM ? teams : users, name, t -> t.withReserved(micros));
            }
            return this;
        }

        /** The latest limit a reservation was checked against (the policy's value at that time). */
        public Builder limit(BudgetLine.Scope scope, String name, long limitMicros) {
            add(scope == BudgetLine.Scope.TEAM ? teams : users, name, t -> t.withLimit(limitMicros));
            return this;
        }

        public SpendReport build() {
            return new SpendReport(month, teams, users, targets, models, rows);
        }

        private static void add(Map<String, SpendTotals> map, String key, Function<SpendTotals, SpendTotals> f) {
            map.put(key, f.apply(map.getOrDefault(key, SpendTotals.ZERO)));
        }
    }
}
