package io.sovereign.gateway.budget;

import io.sovereign.gateway.store.StoreErrorMode;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import io.sovereign.gateway.testsupport.WithRedis;
import java.time.Duration;
import java.util.UUID;

/** The budget contract on a real redis-server (each test under its own key prefix). */
@WithRedis
class RedisBudgetStoreTest extends BudgetStoreContract {
    static RedisServerProcess redis;

    @Override
    BudgetStore newStore() {
        return new RedisBudgetStore(
                redis.url(),
                Duration.ofSeconds(2),
                StoreErrorMode.FAIL_CLOSED,
                null,
                "t" + UUID.randomUUID().toString().substring(0, 8));
    }
}
