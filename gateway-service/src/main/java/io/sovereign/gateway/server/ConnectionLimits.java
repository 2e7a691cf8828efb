package io.sovereign.gateway.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.server.*}: how long a caller's connection may take at each step, so that slow clients
 * (slowloris: headers or body trickled a byte at a time) cannot hold connections open.
 * <ul>
 * <li>{@code header-timeout}: from a request's first byte until its headers are complete;</li>
 * <li>{@code read-timeout}: the longest pause between two reads of a request body;</li>
 * <li>{@code request-timeout}: the longest a whole request body may take to arrive;</li>
 * <li>{@code idle-timeout}: how long a kept-alive connection may wait for its next request.</li>
 * </ul>
 */
@ConfigurationProperties("gateway.server")
public record ConnectionLimits(
        @DefaultValue("10s") Duration headerTimeout,
        @DefaultValue("30s") Duration readTimeout,
        @DefaultValue("120s") Duration requestTimeout,
        @DefaultValue("60s") Duration idleTimeout) {

    public ConnectionLimits {
        for (Duration d : new Duration[] {headerTimeout, readTimeout, requestTimeout, idleTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("gateway.server timeouts must be positive durations");
            }
        }
    }
}
