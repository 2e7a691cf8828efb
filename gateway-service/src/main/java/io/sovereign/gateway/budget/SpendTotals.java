package io.sovereign.gateway.budget;

/**
 * One entry of the spend API. {@code limitMicros} is null where no budget line applies (always for
 * targets and models). {@code savingsMicros} = what the same requests would have cost on the other target
 * minus what they cost: positive for on-prem traffic (the GPU's savings), negative for hosted traffic.
 */
public record SpendTotals(
        long spentMicros,
        long reservedMicros,
        Long limitMicros,
        long requests,
        long inputTokens,
        long outputTokens,
        long savingsMicros) {
    static final SpendTotals ZERO = new SpendTotals(0, 0, null, 0, 0, 0, 0);

    SpendTotals plus(LedgerRow row) {
        return new SpendTotals(
                spentMicros + row.costMicros(),
                reservedMicros,
                limitMicros,
                requests + row.requests(),
                inputTokens + row.inputTokens(),
                outputTokens + row.outputTokens(),
                savingsMicros + row.alternativeCostMicros() - row.costMicros());
    }

    SpendTotals withReserved(long reserved) {
        return new SpendTotals(
                spentMicros,
                reservedMicros + reserved,
                limitMicros,
                requests,
                inputTokens,
                outputTokens,
                savingsMicros);
    }

    SpendTotals withLimit(Long limit) {
        return new SpendTotals(spentMicros, reservedMicros, limit, requests, inputTokens, outputTokens, savingsMicros);
    }
}
