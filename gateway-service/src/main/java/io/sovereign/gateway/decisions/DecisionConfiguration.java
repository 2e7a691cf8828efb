package io.sovereign.gateway.decisions;

import io.micrometer.core.instrument.MeterRegistry;
import io.sovereign.gateway.store.StoreProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The decision store beside the other stores: in memory, or in Redis when {@code gateway.store.type=redis}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DecisionRetention.class)
public class DecisionConfiguration {

    @Bean(destroyMethod = "close")
    DecisionStore decisionStore(
            StoreProperties store,
            DecisionRetention retention,
            @Value("${spring.data.redis.url:redis://localhost:6379}") String url,
            ObjectProvider<MeterRegistry> registry) {
        return switch (store.type()) {
            case MEMORY -> new MemoryDecisionStore(retention, Clock.systemUTC());
            case REDIS ->
                new RedisDecisionStore(
                        url,
                        store.commandTimeout(),
                        retention,
                        Clock.systemUTC(),
                        registry.getIfAvailable(),
                        store.keyPrefix());
        };
    }

    @Bean
    DecisionLog decisionLog(DecisionStore store) {
        return new DecisionLog(store);
    }

    @Bean
    DecisionHandlers decisionHandlers(DecisionStore store, DecisionRetention retention) {
        return new DecisionHandlers(store, retention);
    }
}
