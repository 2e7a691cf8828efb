package io.sovereign.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.store.StoreErrorMode;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import io.sovereign.gateway.testsupport.WithRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** RPM and TPM hold across two replicas (two Lettuce clients, one redis-server) within one request. */
@WithRedis
class TwoReplicasQuotaIT {
    static RedisServerProcess redis;

    private static RedisQuotaService replica() {
        return new RedisQuotaService(redis.url(), Duration.ofSeconds(2), StoreErrorMode.FAIL_CLOSED, null);
    }

    @Test
    void requestsPerMinuteHoldAcrossReplicas() throws Exception {
        String user = "u-" + UUID.randomUUID();
        try (RedisQuotaService a = replica();
                RedisQuotaService b = replica()) {
            long allowed = run(240, i -> (i % 2 == 0 ? a : b).acquire(new QuotaRequest(user, "legal", 60L, null, 100)));
            assertThat(allowed).isBetween(59L, 60L);
        }
    }

    @Test
    void tokensPerMinuteHoldAcrossReplicas() throws Exception {
        String team = "t-" + UUID.randomUUID();
        try (RedisQuotaService a = replica();
                RedisQuotaService b = replica()) {
            // 20_000 tokens per minute, 700 estimated per request: 28 fit (19_600), the 29th does not
            long allowed = run(
                    200, i -> (i % 2 == 0 ? a : b).acquire(new QuotaRequest("user-" + i, team, null, 20_000L, 700)));
            assertThat(allowed).isBetween(27L, 28L);
        }
    }

    interface Call {
        CompletableFuture<QuotaDecision> at(int i);
    }

    private static long run(int requests, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<CompletableFuture<QuotaDecision>> all = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                int k = i;
                all.add(CompletableFuture.supplyAsync(() -> call.at(k).join(), pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        all.forEach(f -> assertThat(f.join().outcome()).isNotEqualTo(QuotaDecision.Outcome.STORE_UNAVAILABLE));
        return all.stream().filter(f -> f.join().allowed()).count();
    }
}
