package io.sovereign.gateway.quota;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.sovereign.gateway.store.RedisConnector;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Bucket4j buckets in Redis through Lettuce ({@code Bucket4jLettuce.casBasedBuilder}): compare-and-swap on
 * one key per bucket, so replicas share them exactly. Keys expire once a bucket would be full again.
 * When this replica first sees a key or a new limit for it, the stored configuration is replaced (ADDITIVE).
 */
final class LettuceTokenBuckets implements TokenBuckets {
    private record Entry(long limit, CompletableFuture<AsyncBucketProxy> proxy) {}

    private final RedisConnector<String, byte[]> redis;
    private final Map<String, Entry> proxies = new ConcurrentHashMap<>();
    private volatile CompletableFuture<AsyncProxyManager<String>> manager;

    LettuceTokenBuckets(String redisUrl, Duration commandTimeout) {
        this.redis = new RedisConnector<>(
                redisUrl, commandTimeout, RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    private CompletableFuture<AsyncProxyManager<String>> manager() {
        CompletableFuture<AsyncProxyManager<String>> m = manager;
        if (m != null && !m.isCompletedExceptionally()) {
            return m;
        }
        m = redis.connection().thenApply(c -> Bucket4jLettuce.casBasedBuilder(c)
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build()
                .asAsync());
        manager = m;
        return m;
    }

    private CompletableFuture<AsyncBucketProxy> bucket(String key, long limit) {
        Entry e = proxies.get(key);
        if (e != null && e.limit() == limit && !e.proxy().isCompletedExceptionally()) {
            return e.proxy();
        }
        BucketConfiguration config = BucketConfigs.perMinute(limit);
        CompletableFuture<AsyncBucketProxy> proxy = manager().thenCompose(m -> {
            AsyncBucketProxy p = m.builder().build(key, () -> CompletableFuture.completedFuture(config));
            // another replica (or an older policy) may have stored a different limit for this key
            return p.replaceConfiguration(config, BucketConfigs.ON_LIMIT_CHANGE).thenApply(x -> p);
        });
        proxies.put(key, new Entry(limit, proxy));
        return proxy;
    }

    private <T> CompletableFuture<T> with(String key, long limit, Function<AsyncBucketProxy, CompletableFuture<T>> op) {
        return bucket(key, limit).thenCompose(op);
    }

    @Override
    public CompletableFuture<ConsumptionProbe> tryConsume(String key, long limitPerMinute, long tokens) {
        return with(key, limitPerMinute, p -> p.tryConsumeAndReturnRemaining(tokens));
    }

    @Override
    public CompletableFuture<io.github.bucket4j.EstimationProbe> estimate(
            String key, long limitPerMinute, long tokens) {
        return with(key, limitPerMinute, p -> p.estimateAbilityToConsume(tokens));
    }

    @Override
    public CompletableFuture<Void> addTokens(String key, long limitPerMinute, long tokens) {
        return with(key, limitPerMinute, p -> p.addTokens(tokens));
    }

    @Override
    public CompletableFuture<Void> consumeIgnoringLimit(String key, long limitPerMinute, long tokens) {
        return with(
                key, limitPerMinute, p -> p.consumeIgnoringRateLimits(tokens).thenApply(x -> (Void) null));
    }

    @Override
    public void close() {
        redis.close();
    }
}
