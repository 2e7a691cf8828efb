package io.sovereign.gateway.budget;

import io.sovereign.gateway.store.StoreErrorMode;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import io.sovereign.gateway.testsupport.WithRedis;
import java.time.Duration;
import java.util.UUID;

/**
 * The budget contract on a cluster-enabled redis-server (one node, all slots). Redis Cluster refuses a
 * script whose keys span two hash slots (CROSSSLOT), so this proves the key layout works on a cluster.
 */
@WithRedis(cluster = true)
class RedisClusterSlotBudgetStoreTest extends BudgetStoreContract {
    static RedisServerProcess redis;

    @Override
    BudgetStore newStore() {
        return new RedisBudgetStore(
                redis.url(),
                Duration.ofSeconds(2),
                StoreErrorMode.FAIL_CLOSED,
                null,
                "c" + UUID.randomUUID().toString().substring(0, 8));
    }
}
