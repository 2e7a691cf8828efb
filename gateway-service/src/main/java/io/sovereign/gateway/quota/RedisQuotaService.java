package io.sovereign.gateway.quota;

import io.micrometer.core.instrument.MeterRegistry;
import io.sovereign.gateway.store.StoreErrorMode;
import io.sovereign.gateway.store.StoreErrors;
import java.time.Duration;

/** Quotas shared by every replica through Redis (Bucket4j + Lettuce); faults follow {@link StoreErrorMode}. */
public final class RedisQuotaService extends BucketQuotaService {
    public RedisQuotaService(String redisUrl, Duration commandTimeout, StoreErrorMode onError, MeterRegistry registry) {
        this(redisUrl, commandTimeout, onError, registry, "gw");
    }

    public RedisQuotaService(
            String redisUrl,
            Duration commandTimeout,
            StoreErrorMode onError,
            MeterRegistry registry,
            String keyPrefix) {
        super(new LettuceTokenBuckets(redisUrl, commandTimeout), onError, new StoreErrors(registry), keyPrefix);
    }
}
