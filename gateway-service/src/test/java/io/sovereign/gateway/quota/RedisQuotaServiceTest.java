package io.sovereign.gateway.quota;

import io.sovereign.gateway.store.StoreErrorMode;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** The quota contract on Bucket4j buckets in a real redis-server. */
class RedisQuotaServiceTest extends QuotaServiceContract {
    static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    QuotaService newService() {
        return new RedisQuotaService(redis.url(), Duration.ofSeconds(2), StoreErrorMode.FAIL_CLOSED, null);
    }
}
