package io.sovereign.gateway.decisions;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A bounded store of recent decisions, keyed by the gateway's request id: {@link MemoryDecisionStore} (one
 * replica) or {@link RedisDecisionStore} (shared by replicas). Bounded by {@link DecisionRetention}: at most
 * {@code maxEntries} records, none older than {@code maxAge}. Writing never blocks or fails a request: a store
 * fault loses that record (counted), it does not refuse traffic.
 */
public interface DecisionStore extends AutoCloseable {

    /** Keeps the record (replacing one with the same request id); completes when stored, never exceptionally. */
    CompletableFuture<Void> put(DecisionRecord record);

    /** The record of that request, if still retained; fails with StoreUnavailableException when the store cannot answer. */
    CompletableFuture<Optional<DecisionRecord>> find(String requestId);

    @Override
    void close();
}
