package io.sovereign.gateway.quota;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.local.LocalBucket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** In-process Bucket4j buckets (lock-free), reconfigured in place when a limit changes. */
final class LocalTokenBuckets implements TokenBuckets {
    private record Entry(long limit, LocalBucket bucket) {}

    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();

    private LocalBucket bucket(String key, long limit) {
        Entry e = buckets.compute(key, (k, old) -> {
            if (old == null) {
                return new Entry(
                        limit,
                        Bucket.builder()
                                .addLimit(b -> b.capacity(limit).refillIntervally(limit, BucketConfigs.WINDOW))
                                .build());
            }
            if (old.limit() != limit) {
                old.bucket().replaceConfiguration(BucketConfigs.perMinute(limit), BucketConfigs.ON_LIMIT_CHANGE);
                return new Entry(limit, old.bucket());
            }
            return old;
        });
        return e.bucket();
    }

    @Override
    public CompletableFuture<ConsumptionProbe> tryConsume(String key, long limitPerMinute, long tokens) {
        return CompletableFuture.completedFuture(bucket(key, limitPerMinute).tryConsumeAndReturnRemaining(tokens));
    }

    @Override
    public CompletableFuture<io.github.bucket4j.EstimationProbe> estimate(
            String key, long limitPerMinute, long tokens) {
        return CompletableFuture.completedFuture(bucket(key, limitPerMinute).estimateAbilityToConsume(tokens));
    }

    @Override
    public CompletableFuture<Void> addTokens(String key, long limitPerMinute, long tokens) {
        bucket(key, limitPerMinute).addTokens(tokens);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> consumeIgnoringLimit(String key, long limitPerMinute, long tokens) {
        bucket(key, limitPerMinute).consumeIgnoringRateLimits(tokens);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        buckets.clear();
    }
}
