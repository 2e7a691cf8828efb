package io.sovereign.gateway.budget;

import java.time.YearMonth;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Monthly budgets and the spend ledger: reserve the worst case before forwarding, settle the actual
 * cost after, release on upstream failure. Implementations: {@link MemoryBudgetStore} (one replica) and
 * {@link RedisBudgetStore} (shared by replicas, durable). Futures complete exceptionally only on
 * programming errors; store faults are results ({@code StoreUnavailable}, {@code DEFERRED}).
 */
public interface BudgetStore extends AutoCloseable {

    CompletableFuture<ReserveResult> reserve(ReservationRequest request);

    /** Replace the reservation by the actual cost and write the ledger; idempotent per reservation id. */
    CompletableFuture<Settlement> settle(Reservation reservation, SettledUsage usage);

    /** Give the reservation back (upstream failed, nothing to charge); true if it was still held. */
    CompletableFuture<Boolean> release(Reservation reservation);

    /** The month's ledger (UTC calendar month) shaped like the spend API. */
    CompletableFuture<SpendReport> report(YearMonth month);

    /** Last known figures per team for gauges; updated by every reserve/settle of this replica. */
    Collection<BudgetSnapshot> snapshots();

    @Override
    void close();
}
