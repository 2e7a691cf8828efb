package io.sovereign.gateway.classify;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Sensitivity level of a request; declaration order is the order (public is lowest). */
public enum Level {
    PUBLIC,
    INTERNAL,
    CONFIDENTIAL,
    RESTRICTED;

    /** Case-insensitive; the exception names the valid values (the input is a policy word, not user data). */
    public static Level parse(String s) {
        if (s != null) {
            String t = s.trim().toUpperCase(Locale.ROOT);
            for (Level l : values()) {
                if (l.name().equals(t)) {
                    return l;
                }
            }
        }
        throw new IllegalArgumentException("unknown level '" + s + "'; valid levels: "
                + Arrays.stream(values()).map(Level::wire).collect(Collectors.joining(", ")));
    }

    public boolean atLeast(Level other) {
        return compareTo(other) >= 0;
    }

    /** The lower-case spelling used in policies, headers and metrics. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Level max(Level a, Level b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
