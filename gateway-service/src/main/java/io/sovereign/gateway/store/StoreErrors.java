package io.sovereign.gateway.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts store faults as {@code gateway.store.errors{kind,result}} and logs them without flooding. */
public final class StoreErrors {
    private static final Logger log = LoggerFactory.getLogger(StoreErrors.class);
    private final MeterRegistry registry;
    private volatile long lastLogNanos;

    public StoreErrors(MeterRegistry registry) {
        this.registry = registry == null ? new SimpleMeterRegistry() : registry;
    }

    /** kind: which operation failed (e.g. budget-reserve); result: what the gateway did (denied, allowed...). */
    public void record(String kind, String result, Throwable cause) {
        Counter.builder("gateway.store.errors")
                .description("Store (Redis) operations that failed")
                .tag("kind", kind)
                .tag("result", result)
                .register(registry)
                .increment();
        long now = System.nanoTime();
        if (now - lastLogNanos > 1_000_000_000L) { // at most one line per second while Redis is down
            lastLogNanos = now;
            log.warn("store error kind={} result={}: {}", kind, result, describe(cause));
        }
    }

    public double count(String kind, String result) {
        Counter c = registry.find("gateway.store.errors")
                .tag("kind", kind)
                .tag("result", result)
                .counter();
        return c == null ? 0 : c.count();
    }

    public MeterRegistry registry() {
        return registry;
    }

    public static String describe(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException
                        || c instanceof java.util.concurrent.ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c == null ? "unknown" : c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
