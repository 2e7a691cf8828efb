package io.sovereign.gateway.budget;

import io.sovereign.gateway.store.StoreErrors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Settlements that Redis did not take (down or slow) wait here and are retried until written: spend that
 * happened is charged late rather than never. Settle is idempotent per reservation id, so a retry after a
 * timeout whose first attempt did land is harmless (and so is a replay after a crash). With a
 * {@link SettlementJournal} each one is on disk before it counts as deferred, and what the journal still holds
 * at start is queued again. Bounded; beyond the bound the oldest is dropped and counted
 * ({@code gateway.store.errors{kind=budget-settle,result=dropped}}); the backlog is the gauge
 * {@code gateway.budget.deferred.settlements}.
 */
final class DeferredSettlements implements AutoCloseable {
    static final int MAX_PENDING = 100_000;
    private static final long RETRY_MILLIS = 250;

    private final Function<RedisBudgetStore.PendingSettlement, CompletableFuture<Settlement>> writer;
    private final StoreErrors errors;
    private final ConcurrentLinkedQueue<RedisBudgetStore.PendingSettlement> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "budget-deferred-settlements");
        t.setDaemon(true);
        return t;
    });

    private final SettlementJournal journal;

    DeferredSettlements(
            Function<RedisBudgetStore.PendingSettlement, CompletableFuture<Settlement>> writer, StoreErrors errors) {
        this(writer, errors, null);
    }

    /** With a journal (may be null): what it still holds from a previous run is pending again. */
    DeferredSettlements(
            Function<RedisBudgetStore.PendingSettlement, CompletableFuture<Settlement>> writer,
            StoreErrors errors,
            SettlementJournal journal) {
        this.writer = writer;
        this.errors = errors;
        this.journal = journal;
        if (journal != null) {
            for (RedisBudgetStore.PendingSettlement p : journal.replay()) {
                queue.add(p);
                size.incrementAndGet();
            }
        }
        retry.scheduleWithFixedDelay(this::drain, RETRY_MILLIS, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    void add(RedisBudgetStore.PendingSettlement p, Throwable cause) {
        errors.record("budget-settle", "deferred", cause);
        synchronized (this) { // with drain's "empty -> truncate", so a line written meanwhile is never truncated away
            if (journal != null) {
                journal.deferred(p);
            }
            queue.add(p);
            if (size.incrementAndGet() > MAX_PENDING) {
                RedisBudgetStore.PendingSettlement oldest = queue.poll();
                if (oldest != null) {
                    size.decrementAndGet();
                    if (journal != null) {
                        journal.done(oldest.reservation().id());
                    }
                    errors.record("budget-settle", "dropped", cause);
                }
            }
        }
    }

    int size() {
        return size.get();
    }

    /** Writes queued settlements in order; stops at the first failure and tries again later. */
    private void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        try {
            RedisBudgetStore.PendingSettlement p;
            while ((p = queue.peek()) != null) {
                try {
                    writer.apply(p).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    return;
                }
                synchronized (this) {
                    if (queue.remove(p)) {
                        size.decrementAndGet();
                        if (journal != null) {
                            journal.done(p.reservation().id());
                        }
                    }
                    if (journal != null && queue.isEmpty()) {
                        journal.clear();
                    }
                }
            }
        } finally {
            draining.set(false);
        }
    }

    @Override
    public void close() {
        retry.shutdown();
        drain(); // last attempt, so a clean shutdown loses nothing when Redis is reachable
        if (journal != null) {
            journal.close(); // what is left stays in the file for the next start
        }
    }
}
