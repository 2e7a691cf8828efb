package io.sovereign.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.sovereign.gateway.budget.BudgetStore;
import io.sovereign.gateway.budget.MemoryBudgetStore;
import io.sovereign.gateway.budget.RedisBudgetStore;
import io.sovereign.gateway.quota.MemoryQuotaService;
import io.sovereign.gateway.quota.QuotaService;
import io.sovereign.gateway.quota.RedisQuotaService;
import io.sovereign.gateway.quota.TokenCounter;
import io.sovereign.gateway.store.StoreProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the budget store, the quota service and the token counter from {@link StoreProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
public class StoreConfiguration {

    @Bean(destroyMethod = "close")
    BudgetStore budgetStore(
            StoreProperties p,
            @Value("${spring.data.redis.url:redis://localhost:6379}") String url,
            ObjectProvider<MeterRegistry> registry) {
        return switch (p.type()) {
            case MEMORY -> new MemoryBudgetStore(Clock.systemUTC(), registry.getIfAvailable());
            case REDIS ->
                new RedisBudgetStore(
                        url,
                        p.commandTimeout(),
                        p.onError(),
                        registry.getIfAvailable(),
                        p.keyPrefix(),
                        p.settlementJournal());
        };
    }

    @Bean(destroyMethod = "close")
    QuotaService quotaService(
            StoreProperties p,
            @Value("${spring.data.redis.url:redis://localhost:6379}") String url,
            ObjectProvider<MeterRegistry> registry) {
        return switch (p.type()) {
            case MEMORY -> new MemoryQuotaService();
            case REDIS ->
                new RedisQuotaService(url, p.commandTimeout(), p.onError(), registry.getIfAvailable(), p.keyPrefix());
        };
    }

    @Bean
    TokenCounter tokenCounter() {
        return new TokenCounter();
    }
}
