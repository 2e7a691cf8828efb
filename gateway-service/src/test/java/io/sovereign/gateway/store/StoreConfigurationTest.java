package io.sovereign.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.budget.BudgetStore;
import io.sovereign.gateway.budget.MemoryBudgetStore;
import io.sovereign.gateway.budget.RedisBudgetStore;
import io.sovereign.gateway.config.StoreConfiguration;
import io.sovereign.gateway.quota.MemoryQuotaService;
import io.sovereign.gateway.quota.QuotaService;
import io.sovereign.gateway.quota.RedisQuotaService;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import io.sovereign.gateway.testsupport.WithRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class StoreConfigurationTest {
    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(StoreConfiguration.class);

    @Test
    void memoryIsTheDefault() {
        runner.run(ctx -> {
            assertThat(ctx.getBean(BudgetStore.class)).isInstanceOf(MemoryBudgetStore.class);
            assertThat(ctx.getBean(QuotaService.class)).isInstanceOf(MemoryQuotaService.class);
            StoreProperties p = ctx.getBean(StoreProperties.class);
            assertThat(p.onError()).isEqualTo(StoreErrorMode.FAIL_CLOSED);
            assertThat(p.commandTimeout()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    @WithRedis
    void redisTypeBuildsTheRedisStores(RedisServerProcess redis) {
        runner.withPropertyValues(
                        "gateway.store.type=redis",
                        "gateway.store.on-error=fail-open",
                        "spring.data.redis.url=" + redis.url())
                .run(ctx -> {
                    assertThat(ctx.getBean(BudgetStore.class)).isInstanceOf(RedisBudgetStore.class);
                    assertThat(ctx.getBean(QuotaService.class)).isInstanceOf(RedisQuotaService.class);
                    assertThat(ctx.getBean(StoreProperties.class).onError()).isEqualTo(StoreErrorMode.FAIL_OPEN);
                });
    }

    @Test
    void anUnknownOnErrorValueStopsTheStart() {
        runner.withPropertyValues("gateway.store.on-error=fail-sometimes")
                .run(ctx -> assertThat(ctx).hasFailed());
    }

    @Test
    void aTooShortReservationTtlStopsTheStartWithItsName() {
        runner.withPropertyValues("gateway.store.reservation-ttl=1s").run(ctx -> assertThat(ctx.getStartupFailure())
                .rootCause()
                .hasMessageContaining("gateway.store.reservation-ttl"));
    }
}
