package io.sovereign.gateway.store;

import java.util.Locale;

/** What a store does when Redis is unreachable or too slow ({@code gateway.store.on-error}). */
public enum StoreErrorMode {
    /** Refuse the request (the gateway answers 503); the default, because budgets must hold. */
    FAIL_CLOSED,
    /** Let the request through unenforced and count it in {@code gateway.store.errors}. */
    FAIL_OPEN;

    /** Parses {@code fail-closed} / {@code fail-open}. */
    public static StoreErrorMode parse(String value) {
        return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
            case "fail-closed" -> FAIL_CLOSED;
            case "fail-open" -> FAIL_OPEN;
            default ->
                throw new IllegalArgumentException(
                        "gateway.store.on-error must be fail-closed or fail-open, got '" + value + "'");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
