package io.sovereign.gateway.metrics;

import io.sovereign.gateway.classify.Classification;

/** Where classification outcomes are reported (metrics); never sees matched values. */
public interface ClassifierObserver {
    void classified(Classification c, boolean semantic);
}
