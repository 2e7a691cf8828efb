package io.sovereign.gateway.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.store.*}: where quotas, budgets and the ledger live. {@code type=memory} (one replica,
 * state lost on restart) or {@code redis} (with {@code spring.data.redis.url}); {@code on-error} is what
 * happens when Redis is unreachable or slower than {@code command-timeout}. {@code settlement-journal}: the local
 * file where settlements Redis did not take wait (fsynced) until it does, across a crash; one per replica.
 */
@ConfigurationProperties("gateway.store")
public record StoreProperties(
        @DefaultValue("memory") Type type,
        @DefaultValue("fail-closed") StoreErrorMode onError,
        @DefaultValue("1s") Duration commandTimeout,
        @DefaultValue("10m") Duration reservationTtl,
        @DefaultValue("gw") String keyPrefix,
        @DefaultValue("data/settlements.journal") java.nio.file.Path settlementJournal) {
    public enum Type {
        MEMORY,
        REDIS
    }

    public StoreProperties {
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("gateway.store.command-timeout must be positive");
        }
        if (reservationTtl.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("gateway.store.reservation-ttl must be at least 10s (it must outlive "
                    + "the longest upstream call, or a slow stream loses its reservation)");
        }
        if (keyPrefix.isBlank() || keyPrefix.contains("{") || keyPrefix.contains("}")) {
            throw new IllegalArgumentException("gateway.store.key-prefix must be non-blank, without { or }");
        }
    }
}
