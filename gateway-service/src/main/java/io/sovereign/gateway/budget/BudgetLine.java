package io.sovereign.gateway.budget;

/**
 * One monthly budget that applies to a request: the team's or the user's, with its limit as the policy
 * says it now (limits are passed on every call, so a policy hot reload takes effect on the next request).
 */
public record BudgetLine(Scope scope, long limitMicros) {
    public enum Scope {
        TEAM,
        USER;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public BudgetLine {
        if (scope == null) {
            throw new IllegalArgumentException("scope is required");
        }
        if (limitMicros < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limitMicros);
        }
    }

    public static BudgetLine team(long limitMicros) {
        return new BudgetLine(Scope.TEAM, limitMicros);
    }

    public static BudgetLine user(long limitMicros) {
        return new BudgetLine(Scope.USER, limitMicros);
    }
}
