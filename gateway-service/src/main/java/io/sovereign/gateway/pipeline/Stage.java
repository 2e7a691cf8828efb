package io.sovereign.gateway.pipeline;

import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;

/**
 * The gateway's request pipeline, in order. Every stage's global filter takes its order from here, and
 * all of them run before (and so around) Spring Cloud Gateway's response writer, which lets FORWARD
 * catch an upstream failure before any byte reached the caller and SETTLE see the body as it streams.
 * AUTHENTICATE runs earlier, as a web filter right after the entry ({@link AuthenticateFilter}), so that every
 * {@code /v1} path is authenticated, routed or not; it keeps its place here as the first stage. RECORD happens when the exchange completes
 * (headers, audit line and metrics are written by {@link PipelineEntryFilter}, which sees errors too).
 * REQUEST_QUOTA takes the user's requests-per-minute before the body is even read, so one caller cannot spend a
 * replica's CPU on parsing and classification; QUOTA takes the team's tokens-per-minute once the target (and so
 * the output cap in the estimate) is known.
 */
public enum Stage {
    AUTHENTICATE,
    REQUEST_QUOTA,
    PARSE,
    CLASSIFY,
    DECIDE,
    QUOTA,
    BUDGET,
    FORWARD,
    SETTLE,
    RECORD;

    public int order() {
        return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - values().length - 1 + ordinal();
    }
}
