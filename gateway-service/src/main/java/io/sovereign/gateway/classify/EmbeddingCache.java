package io.sovereign.gateway.classify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounded LRU cache of chunk embeddings keyed by the SHA-256 of the chunk text (the text itself is not kept),
 * shared by all policy revisions since the model does not change with the policy.
 */
final class EmbeddingCache {
    static final int DEFAULT_MAX_ENTRIES = 16384;
    private static final Map<String, EmbeddingCache> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    private final Map<Key, float[]> map;
    private long hits;
    private long misses;

    private record Key(long a, long b, long c, long d) {}

    EmbeddingCache(int maxEntries) {
        this.map = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, float[]> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The cache of one model (vectors of different models never mix). */
    static EmbeddingCache shared(String model) {
        return SHARED.computeIfAbsent(model, m -> new EmbeddingCache(DEFAULT_MAX_ENTRIES));
    }

    /** The cached vector or null, without embedding. */
    float[] peek(String chunk) {
        return lookup(key(chunk), true);
    }

    /** The cached vector, or the embedder's (then cached). */
    float[] get(String chunk, Embedder embedder) {
        Key k = key(chunk);
        float[] v = lookup(k, false);
        if (v == null) {
            v = embedder.embed(chunk); // outside the lock: embedding takes milliseconds
            synchronized (this) {
                map.put(k, v);
            }
        }
        return v;
    }

    /** Counts a hit when found; a miss only when the caller will embed (not on a peek). */
    private synchronized float[] lookup(Key k, boolean peek) {
        float[] v = map.get(k);
        if (v != null) {
            hits++;
        } else if (!peek) {
            misses++;
        }
        return v;
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }

    synchronized int size() {
        return map.size();
    }

    private static Key key(String chunk) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(chunk.getBytes(StandardCharsets.UTF_8));
            return new Key(word(h, 0), word(h, 8), word(h, 16), word(h, 24));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static long word(byte[] h, int o) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[o + i] & 0xff);
        }
        return v;
    }
}
