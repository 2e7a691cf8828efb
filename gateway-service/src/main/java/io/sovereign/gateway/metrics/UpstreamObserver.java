package io.sovereign.gateway.metrics;

import io.sovereign.gateway.policy.Target;

/** Where failures and fallbacks are reported (metrics). */
public interface UpstreamObserver {
    void failed(Target target, FailureKind kind);

    void fellBack(Target from, Target to, FailureKind kind);
}
