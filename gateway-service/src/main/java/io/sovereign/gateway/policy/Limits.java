package io.sovereign.gateway.policy;

import java.util.List;

/** Quota and budget lines from the policy; "*" as a name means "everyone without a line of their own". */
public final class Limits {

    private Limits() {}

    public enum Scope {
        USER,
        TEAM;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Requests per minute and/or tokens per minute for a user or team (null = no limit of that kind). */
    public record QuotaLine(Scope scope, String name, Long requestsPerMinute, Long tokensPerMinute) {}

    public enum OnExhausted {
        DENY,
        DOWNGRADE_TO_ONPREM
    }

    /** A monthly budget in micro-dollars with an optional soft threshold (fraction of the limit). */
    public record BudgetLine(Scope scope, String name, long monthlyMicros, Double softAt, OnExhausted onExhausted) {
        public Long softMicros() {
            return softAt == null ? null : (long) Math.floor(monthlyMicros * softAt);
        }
    }

    /** The line for {@code name}: its own, else the "*" line, else null. */
    static <T> T lineFor(List<T> lines, java.util.function.Function<T, String> nameOf, String name) {
        T wildcard = null;
        for (T line : lines) {
            String n = nameOf.apply(line);
            if (n.equals(name)) {
                return line;
            }
            if (n.equals("*") && wildcard == null) {
                wildcard = line;
            }
        }
        return wildcard;
    }
}
