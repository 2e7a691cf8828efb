package io.sovereign.gateway.budget;

import io.sovereign.gateway.money.MicroUsd;
import java.time.LocalDate;

/** Outcome of {@link BudgetStore#reserve}: reserved, refused by one budget line, or store unavailable. */
public sealed interface ReserveResult {

    /**
     * Held. The figures are the month's standing right after this reservation (held includes it), for the
     * soft threshold: warn when {@code committedMicros(scope) >= soft_at x limit}. Zero when unenforced.
     */
    record Reserved(
            Reservation reservation,
            long teamSpentMicros,
            long teamHeldMicros,
            long userSpentMicros,
            long userHeldMicros)
            implements ReserveResult {
        /** Spent plus held for the team or the user line. */
        public long committedMicros(BudgetLine.Scope scope) {
            return scope == BudgetLine.Scope.TEAM ? teamSpentMicros + teamHeldMicros : userSpentMicros + userHeldMicros;
        }
    }

    /** The first line (team before user) that could not hold the amount; nothing was reserved anywhere. */
    record Refused(
            BudgetLine.Scope scope,
            String name,
            long limitMicros,
            long spentMicros,
            long reservedMicros,
            long requestedMicros,
            LocalDate resetDate)
            implements ReserveResult {
        /** e.g. "team 'legal' monthly budget of $500.00 is exhausted ($499.90 spent, ...); resets 2026-12-01". */
        public String message() {
            return scope.label() + " '" + name + "' monthly budget of " + MicroUsd.format(limitMicros)
                    + " is exhausted (" + MicroUsd.format(spentMicros) + " spent, " + MicroUsd.format(reservedMicros)
                    + " held by requests in flight, this request needs up to " + MicroUsd.format(requestedMicros)
                    + "); resets " + resetDate;
        }
    }

    /** The store could not be reached in time and the configured mode is fail-closed (map to 503). */
    record StoreUnavailable(String message) implements ReserveResult {}
}
