package io.sovereign.gateway.metrics;

import io.sovereign.gateway.policy.Decision;

/** Where decisions are reported (metrics). */
public interface DecisionObserver {
    void decided(Decision d);
}
