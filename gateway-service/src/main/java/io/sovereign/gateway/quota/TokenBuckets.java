package io.sovereign.gateway.quota;

import io.github.bucket4j.ConsumptionProbe;
import java.util.concurrent.CompletableFuture;

/** The bucket operations a {@link BucketQuotaService} needs, local or remote. Limits are per minute. */
interface TokenBuckets extends AutoCloseable {
    CompletableFuture<ConsumptionProbe> tryConsume(String key, long limitPerMinute, long tokens);

    /** Estimates taking {@code tokens} without taking them. */
    CompletableFuture<io.github.bucket4j.EstimationProbe> estimate(String key, long limitPerMinute, long tokens);

    CompletableFuture<Void> addTokens(String key, long limitPerMinute, long tokens);

    CompletableFuture<Void> consumeIgnoringLimit(String key, long limitPerMinute, long tokens);

    @Override
    void close();
}
