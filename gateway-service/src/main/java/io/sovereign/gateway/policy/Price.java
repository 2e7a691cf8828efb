package io.sovereign.gateway.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A target's price in integer micro-dollars per one million tokens. */
public record Price(long inputMicrosPerMillion, long cachedInputMicrosPerMillion, long outputMicrosPerMillion) {

    public static final Price FREE = new Price(0, 0, 0);

    /** Converts a USD-per-million decimal from the policy to micro-dollars per million, exactly. */
    public static long microsPerMillion(BigDecimal usdPerMillion) {
        return usdPerMillion.movePointRight(6).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    }

    /**
     * Cost of one request in micro-dollars, rounded up once per request so the ledger (a sum of
     * per-request costs) never under-counts.
     */
    public long costMicros(long inputTokens, long cachedInputTokens, long outputTokens) {
        long uncached = Math.max(0, inputTokens - cachedInputTokens);
        BigDecimal numerator = BigDecimal.valueOf(uncached).multiply(BigDecimal.valueOf(inputMicrosPerMillion))
                .add(BigDecimal.valueOf(cachedInputTokens).multiply(BigDecimal.valueOf(cachedInputMicrosPerMillion)))
                .add(BigDecimal.valueOf(outputTokens).multiply(BigDecimal.valueOf(outputMicrosPerMillion)));
        return numerator.divide(BigDecimal.valueOf(1_000_000), 0, RoundingMode.CEILING).longValueExact();
    }
}
