package io.sovereign.gateway.money;

import java.math.BigDecimal;

/**
 * A target's price, in micro-dollars per one million tokens (exact: the policy's decimal USD prices
 * are converted with {@link MicroUsd#fromUsd(BigDecimal)}, which refuses anything finer than a micro-dollar).
 *
 * <p>Rounding rule: the cost of ONE request is the exact rational sum over its token kinds, rounded UP
 * once to a whole micro-dollar ({@link #costMicros}). The ledger stores these per-request integers, so a
 * ledger total always equals the sum of the per-request costs to the micro-dollar, and no request is
 * ever charged less than it cost.
 */
public record Price(long inputMicrosPerMillion, long cachedInputMicrosPerMillion, long outputMicrosPerMillion) {
    private static final long MILLION = 1_000_000L;

    public Price {
        if (inputMicrosPerMillion < 0 || cachedInputMicrosPerMillion < 0 || outputMicrosPerMillion < 0) {
            throw new IllegalArgumentException("prices must not be negative");
        }
    }

    /**
     * From the policy's {@code input_per_million_usd}, {@code cached_input_per_million_usd} (null: same as
     * input) and {@code output_per_million_usd}.
     */
    public static Price ofUsdPerMillion(BigDecimal input, BigDecimal cachedInput, BigDecimal output) {
        long in = MicroUsd.fromUsd(input);
        return new Price(in, cachedInput == null ? in : MicroUsd.fromUsd(cachedInput), MicroUsd.fromUsd(output));
    }

    public static Price ofUsdPerMillion(String input, String cachedInput, String output) {
        return ofUsdPerMillion(
                new BigDecimal(input),
                cachedInput == null ? null : new BigDecimal(cachedInput),
                new BigDecimal(output));
    }

    /**
     * Cost of one request in micro-dollars, rounded up. {@code inputTokens} counts every prompt token,
     * cached ones included (as OpenAI's {@code usage.prompt_tokens} does); {@code cachedInputTokens} is the
     * part of it billed at the cached price.
     */
    public long costMicros(long inputTokens, long cachedInputTokens, long outputTokens) {
        if (inputTokens < 0 || cachedInputTokens < 0 || outputTokens < 0 || cachedInputTokens > inputTokens) {
            throw new IllegalArgumentException("bad token counts: input=" + inputTokens + " cached=" + cachedInputTokens
                    + " output=" + outputTokens);
        }
        long scaled = Math.addExact(
                Math.addExact(
                        Math.multiplyExact(inputTokens - cachedInputTokens, inputMicrosPerMillion),
                        Math.multiplyExact(cachedInputTokens, cachedInputMicrosPerMillion)),
                Math.multiplyExact(outputTokens, outputMicrosPerMillion));
        return Math.floorDiv(Math.addExact(scaled, MILLION - 1), MILLION);
    }

    /** The reservation for a request: every prompt token at the full input price plus the output cap. */
    public long worstCaseMicros(long promptTokens, long maxOutputTokens) {
        return costMicros(promptTokens, 0, maxOutputTokens);
    }
}
