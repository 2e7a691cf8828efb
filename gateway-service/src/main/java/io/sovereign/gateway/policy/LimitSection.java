package io.sovereign.gateway.policy;

import io.sovereign.gateway.money.MicroUsd;
import io.sovereign.gateway.policy.Limits.BudgetLine;
import io.sovereign.gateway.policy.Limits.OnExhausted;
import io.sovereign.gateway.policy.Limits.QuotaLine;
import io.sovereign.gateway.policy.Limits.Scope;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The {@code quotas:} and {@code budgets:} sections: rate limits and monthly spend limits per team and user. */
final class LimitSection {

    private LimitSection() {}

    static List<QuotaLine> quotas(Cursor c) {
        List<QuotaLine> out = new ArrayList<>();
        for (Cursor q : c.items()) {
            if (!q.object(Set.of("who", "name", "requests_per_minute", "tokens_per_minute"))) {
                q.violation("must be a mapping like { who: user, requests_per_minute: 60 }");
                continue;
            }
            Scope scope = q.field("who").enumValue(Scope.class, true);
            String name = q.field("name").string(false);
            Long rpm = q.field("requests_per_minute").positiveLong();
            Long tpm = q.field("tokens_per_minute").positiveLong();
            if (rpm == null && tpm == null) {
                q.violation("give requests_per_minute and/or tokens_per_minute");
            }
            if (scope != null) {
                out.add(new QuotaLine(scope, name == null ? "*" : name, rpm, tpm));
            }
        }
        return out;
    }

    static List<BudgetLine> budgets(Cursor c) {
        List<BudgetLine> out = new ArrayList<>();
        for (Cursor b : c.items()) {
            if (!b.object(Set.of("team", "user", "monthly_usd", "soft_at", "on_exhausted"))) {
                b.violation("must be a mapping like { team: \"*\", monthly_usd: 500 }");
                continue;
            }
            String team = b.field("team").string(false);
            String user = b.field("user").string(false);
            if ((team == null) == (user == null)) {
                b.violation(
                        "give exactly one of team: NAME or user: NAME (\"*\" for everyone without a line of their own)");
                continue;
            }
            BigDecimal usd = b.field("monthly_usd").decimal(true);
            Cursor softCursor = b.field("soft_at");
            BigDecimal soft = softCursor.decimal(false);
            if (soft != null && (soft.signum() <= 0 || soft.compareTo(BigDecimal.ONE) >= 0)) {
                softCursor.violation(
                        "is a fraction of the budget between 0 and 1 (e.g. 0.8), got " + soft.toPlainString());
                soft = null;
            }
            Cursor onCursor = b.field("on_exhausted");
            OnExhausted on = onCursor.missing() ? OnExhausted.DENY : onCursor.enumValue(OnExhausted.class, true);
            if (usd == null) {
                continue;
            }
            long micros;
            try {
                micros = MicroUsd.fromUsd(usd);
            } catch (ArithmeticException | IllegalArgumentException e) {
                b.field("monthly_usd").violation("has more than 6 decimal places");
                continue;
            }
            out.add(new BudgetLine(
                    team != null ? Scope.TEAM : Scope.USER,
                    team != null ? team : user,
                    micros,
                    soft == null ? null : soft.doubleValue(),
                    on == null ? OnExhausted.DENY : on));
        }
        return out;
    }
}
