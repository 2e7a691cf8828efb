package io.sovereign.gateway.metrics;

/** How an upstream attempt failed (a metrics label value). */
public enum FailureKind {
    CONNECT,
    TIMEOUT,
    STATUS,
    UNAVAILABLE
}
