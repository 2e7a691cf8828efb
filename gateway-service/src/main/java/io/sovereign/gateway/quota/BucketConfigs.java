package io.sovereign.gateway.quota;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.time.Duration;

/**
 * The one bucket shape of the gateway: capacity = the per-minute limit, refilled to full once a minute.
 * On a limit change (policy reload) tokens are inherited ADDITIVELY: raising a limit grants only the
 * difference (what was consumed in the window stays consumed); lowering it caps what is left at the new
 * limit (so in the window of the change at most old-consumed + new limit pass).
 */
final class BucketConfigs {
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final TokensInheritanceStrategy ON_LIMIT_CHANGE = TokensInheritanceStrategy.ADDITIVE;

    private BucketConfigs() {}

    static BucketConfiguration perMinute(long limit) {
        return BucketConfiguration.builder()
                .addLimit(b -> b.capacity(limit).refillIntervally(limit, WINDOW))
                .build();
    }
}
