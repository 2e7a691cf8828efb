package io.sovereign.gateway.decisions;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.decisions.*}: how many recent decisions the lookup keeps ({@code max-entries}) and for how long
 * ({@code max-age}); whichever bound is hit first drops the oldest. Both are required to be positive and bounded,
 * so the store's memory (or Redis) footprint is a known figure: about 1 KB per entry.
 */
@ConfigurationProperties("gateway.decisions")
public record DecisionRetention(
        @DefaultValue("10000") int maxEntries,
        @DefaultValue("24h") Duration maxAge) {

    /** 1M entries x ~1 KB is the most one Redis hash (or one JVM heap) should be asked to hold for this. */
    public static final int MAX_ENTRIES_LIMIT = 1_000_000;

    public DecisionRetention {
        if (maxEntries < 1 || maxEntries > MAX_ENTRIES_LIMIT) {
            throw new IllegalArgumentException(
                    "gateway.decisions.max-entries must be 1.." + MAX_ENTRIES_LIMIT + ": " + maxEntries);
        }
        if (maxAge == null
                || maxAge.compareTo(Duration.ofSeconds(1)) < 0
                || maxAge.compareTo(Duration.ofDays(31)) > 0) {
            throw new IllegalArgumentException("gateway.decisions.max-age must be between 1s and 31d: " + maxAge);
        }
    }
}
