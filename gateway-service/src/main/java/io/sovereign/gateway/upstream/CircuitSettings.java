package io.sovereign.gateway.upstream;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.upstream.circuit.*}: when a failing target is rested. Over the last {@code windowCalls} calls
 * (judged once half of them are in), a failure rate of {@code failureRatePercent} or more opens the target's
 * circuit: for {@code openFor} its requests go straight to their fallback; then {@code trialCalls} calls decide
 * whether it is back.
 */
public record CircuitSettings(
        @DefaultValue("20") int windowCalls,
        @DefaultValue("50") float failureRatePercent,
        @DefaultValue("30s") Duration openFor,
        @DefaultValue("3") int trialCalls) {

    public CircuitSettings {
        if (windowCalls < 1 || trialCalls < 1) {
            throw new IllegalArgumentException(
                    "gateway.upstream.circuit.window-calls and trial-calls must be at least 1");
        }
        if (!(failureRatePercent > 0 && failureRatePercent <= 100)) {
            throw new IllegalArgumentException(
                    "gateway.upstream.circuit.failure-rate-percent must be in (0, 100], got " + failureRatePercent);
        }
        if (openFor == null || openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("gateway.upstream.circuit.open-for must be positive");
        }
    }
}
