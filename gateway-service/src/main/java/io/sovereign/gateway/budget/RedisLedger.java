package io.sovereign.gateway.budget;

import java.time.YearMonth;
import java.util.Map;
import java.util.TreeMap;

/** Decodes one team's Redis hashes (see {@link BudgetKeys}) into report rows. */
final class RedisLedger {
    private static final String[] KINDS = {"req", "in", "cin", "out", "cost", "alt"};

    private RedisLedger() {}

    static void addTeam(
            SpendReport.Builder b,
            String team,
            YearMonth month,
            Map<String, String> ledger,
            Map<String, String> held,
            Map<String, String> limits) {
        Map<String, long[]> rows = new TreeMap<>();
        for (Map.Entry<String, String> e : ledger.entrySet()) {
            String field = e.getKey();
            int cut = field.lastIndexOf('|');
            int kind = java.util.Arrays.asList(KINDS).indexOf(field.substring(cut + 1));
            if (cut < 0 || kind < 0) {
                throw new IllegalStateException("unexpected ledger field '" + field + "' for team " + team);
            }
            rows.computeIfAbsent(field.substring(0, cut), x -> new long[KINDS.length])[kind] =
                    Long.parseLong(e.getValue());
        }
        rows.forEach((row, v) -> {
            String[] parts = row.split("\\|", -1);
            b.row(new LedgerRow(team, parts[0], parts[1], parts[2], v[0], v[1], v[2], v[3], v[4], v[5]));
        });
        String prefix = month + "|";
        held.forEach((field, value) -> {
            if (field.startsWith(prefix)) {
                scoped(b, team, field.substring(prefix.length()), Long.parseLong(value), true);
            }
        });
        limits.forEach((field, value) -> scoped(b, team, field, Long.parseLong(value), false));
    }

    private static void scoped(SpendReport.Builder b, String team, String field, long value, boolean held) {
        BudgetLine.Scope scope = field.equals("team") ? BudgetLine.Scope.TEAM : BudgetLine.Scope.USER;
        String name = scope == BudgetLine.Scope.TEAM ? team : field.substring("user:".length());
        if (held) {
            b.reserved(scope, name, value);
        } else {
            b.limit(scope, name, value);
        }
    }
}
