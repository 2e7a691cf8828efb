package io.sovereign.gateway.upstream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Resilience4j circuit breaker per target name. A target that keeps failing (connect errors, timeouts,
 * 5xx/429) is treated as unavailable for a while, so its requests go straight to their fallback instead of
 * waiting for timeouts; a few trial calls then decide whether it is back.
 */
public final class TargetCircuits {

    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final CircuitBreakerConfig config;

    public TargetCircuits(int windowCalls, float failureRatePercent, Duration openFor) {
        this(new CircuitSettings(windowCalls, failureRatePercent, openFor, 3));
    }

    public TargetCircuits(CircuitSettings s) {
        this.config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.windowCalls())
                .minimumNumberOfCalls(Math.max(1, s.windowCalls() / 2))
                .failureRateThreshold(s.failureRatePercent())
                .waitDurationInOpenState(s.openFor())
                .permittedNumberOfCallsInHalfOpenState(s.trialCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
    }

    public CircuitBreaker of(String target) {
        return breakers.computeIfAbsent(target, name -> CircuitBreaker.of("target:" + name, config));
    }

    /** False while the target's circuit is open (it failed too often, too recently). */
    public boolean closedOrTrying(String target) {
        return of(target).getState() != CircuitBreaker.State.OPEN;
    }
}
