package io.sovereign.gateway.budget;

/** Outcome of {@link BudgetStore#settle}. */
public record Settlement(Outcome outcome, long costMicros, long alternativeCostMicros) {
    public enum Outcome {
        /** Written: the reservation is replaced by the actual cost and the ledger has the request. */
        SETTLED,
        /** This reservation id was settled before; nothing changed (settle is idempotent). */
        ALREADY_SETTLED,
        /** The store was unreachable; the settlement is queued in this replica and retried until written. */
        DEFERRED
    }
}
