package io.sovereign.gateway.conversation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Conversations in this process ({@code gateway.store.type=memory}: one replica, lost on restart). Bounded: past
 * {@code maxEntries} the oldest entry goes first, so a chatty dev gateway cannot grow without limit.
 */
public final class MemoryResponseStore implements ResponseStore {

    private record Entry(String text, Instant expiresAt) {}

    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    /** Insertion order, so the eldest entry is the first to evict; guarded by its own lock. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    public MemoryResponseStore(Clock clock, Duration ttl, int maxEntries) {
        if (ttl.isNegative() || ttl.isZero() || maxEntries < 1) {
            throw new IllegalArgumentException("a memory response store needs a positive TTL and capacity");
        }
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    @Override
    public CompletableFuture<Void> put(ResponseOwner owner, StoredResponse response) {
        String text = StoredResponseCodec.encode(response);
        Instant now = clock.instant();
        synchronized (entries) {
            String key = key(owner, response.id());
            entries.remove(key); // a replaced entry moves to the young end
            entries.put(key, new Entry(text, now.plus(ttl)));
            evict(now);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Optional<StoredResponse>> get(ResponseOwner owner, String id) {
        if (!ResponseStore.isWellFormedId(id)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Entry e;
        synchronized (entries) {
            e = live(key(owner, id));
        }
        return CompletableFuture.completedFuture(
                e == null ? Optional.empty() : Optional.of(StoredResponseCodec.decode(id, e.text())));
    }

    @Override
    public CompletableFuture<Boolean> delete(ResponseOwner owner, String id) {
        if (!ResponseStore.isWellFormedId(id)) {
            return CompletableFuture.completedFuture(false);
        }
        boolean removed;
        synchronized (entries) {
            removed = live(key(owner, id)) != null && entries.remove(key(owner, id)) != null;
        }
        return CompletableFuture.completedFuture(removed);
    }

    /** The entry if present and not expired; an expired one is dropped on the way. */
    private Entry live(String key) {
        Entry e = entries.get(key);
        if (e != null && !clock.instant().isBefore(e.expiresAt())) {
            entries.remove(key);
            return null;
        }
        return e;
    }

    private void evict(Instant now) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Entry> eldest = it.next();
            if (entries.size() > maxEntries || !now.isBefore(eldest.getValue().expiresAt())) {
                it.remove();
            } else {
                break; // insertion order with one TTL is expiry order: the rest are younger
            }
        }
    }

    private static String key(ResponseOwner owner, String id) {
        return owner.keyPart() + ":" + id;
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
