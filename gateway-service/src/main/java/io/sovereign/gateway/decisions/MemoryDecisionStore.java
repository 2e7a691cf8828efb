package io.sovereign.gateway.decisions;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Recent decisions in this JVM, oldest first in insertion order; dropped past the count or the age bound. */
public final class MemoryDecisionStore implements DecisionStore {

    private record Entry(DecisionRecord record, long storedAtMillis) {}

    private final DecisionRetention retention;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    public MemoryDecisionStore(DecisionRetention retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Void> put(DecisionRecord record) {
        long now = clock.millis();
        synchronized (entries) {
            entries.remove(record.requestId()); // re-inserted at the young end
            entries.put(record.requestId(), new Entry(record, now));
            expire(now);
            while (entries.size() > retention.maxEntries()) {
                Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Optional<DecisionRecord>> find(String requestId) {
        long now = clock.millis();
        synchronized (entries) {
            expire(now);
            Entry e = entries.get(requestId);
            return CompletableFuture.completedFuture(Optional.ofNullable(e).map(Entry::record));
        }
    }

    /** Entries are in storage order, so the expired ones are a prefix. */
    private void expire(long now) {
        long oldestKept = now - retention.maxAge().toMillis();
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext() && it.next().storedAtMillis() < oldestKept) {
            it.remove();
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    @Override
    public void close() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
