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
 * timeout whose first attempt did land is harmless. Bounded; beyond the bound the oldest is dropped and
 * counted ({@code gateway.store.errors{kind=budget-settle,result=dropped}}).
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

    DeferredSettlements(Function<RedisBudgetStore.PendingSettlement, CompletableFuture<Settlement>> writer,
                        StoreErrors errors) {
        this.writer = writer;
        this.errors = errors;
        retry.scheduleWithFixedDelay(this::drain, RETRY_MILLIS, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    void add(RedisBudgetStore.PendingSettlement p, Throwable cause) {
        errors.record("budget-settle", "deferred", cause);
        queue.add(p);
        if (size.incrementAndGet() > MAX_PENDING && queue.poll() != null) {
            size.decrementAndGet();
            errors.record("budget-settle", "dropped", cause);
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
                if (queue.remove(p)) {
                    size.decrementAndGet();
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
    }
}
