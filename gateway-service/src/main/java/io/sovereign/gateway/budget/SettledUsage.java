package io.sovereign.gateway.budget;

import io.sovereign.gateway.money.Price;

/**
 * What a request actually used, where it went and the prices frozen into the ledger for it.
 * {@code alternativePrice} is the other target's price ("what it would have cost there"); null when
 * there is no other target, which records an alternative cost equal to the actual cost.
 */
public record SettledUsage(
        String target,
        String model,
        long inputTokens,
        long cachedInputTokens,
        long outputTokens,
        Price price,
        Price alternativePrice) {
    public SettledUsage {
        ReservationRequest.requireName(target, "target");
        ReservationRequest.requireName(model, "model");
        if (price == null) {
            throw new IllegalArgumentException("price is required");
        }
        price.costMicros(inputTokens, cachedInputTokens, outputTokens); // validates the counts
    }

    public long costMicros() {
        return price.costMicros(inputTokens, cachedInputTokens, outputTokens);
    }

    public long alternativeCostMicros() {
        return alternativePrice == null
                ? costMicros()
                : alternativePrice.costMicros(inputTokens, cachedInputTokens, outputTokens);
    }
}
