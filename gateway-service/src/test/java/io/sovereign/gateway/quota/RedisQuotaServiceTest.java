package io.sovereign.gateway.quota;

import io.sovereign.gateway.store.StoreErrorMode;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import io.sovereign.gateway.testsupport.WithRedis;
import java.time.Duration;

/** The quota contract on Bucket4j buckets in a real redis-server. */
@WithRedis
class RedisQuotaServiceTest extends QuotaServiceContract {
    static RedisServerProcess redis;

    @Override
    QuotaService newService() {
        return new RedisQuotaService(redis.url(), Duration.ofSeconds(2), StoreErrorMode.FAIL_CLOSED, null);
    }
}
