package io.sovereign.gateway.quota;

/**
 * One request's quota check: one request against the user's requests-per-minute and
 * {@code estimatedTokens} (prompt tokens + max output tokens) against the team's tokens-per-minute.
 * A null limit means the policy sets none. Limits come with every call, so a policy hot reload takes
 * effect on the next request (the stored bucket is reconfigured when its limit changes).
 */
public record QuotaRequest(
        String user, String team, Long requestsPerMinute, Long tokensPerMinute, long estimatedTokens) {
    /** Bucket4j's refill arithmetic overflows for far larger capacities (1e12 per minute fails). */
    public static final long MAX_LIMIT_PER_MINUTE = 1_000_000_000L;

    public QuotaRequest {
        requireName(user, "user");
        requireName(team, "team");
        requireLimit(requestsPerMinute, "requestsPerMinute");
        requireLimit(tokensPerMinute, "tokensPerMinute");
        if (estimatedTokens < 0) {
            throw new IllegalArgumentException("estimatedTokens must not be negative: " + estimatedTokens);
        }
    }

    static void requireLimit(Long limit, String what) {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT_PER_MINUTE)) {
            throw new IllegalArgumentException(what + " must be 1.." + MAX_LIMIT_PER_MINUTE + ": " + limit);
        }
    }

    static void requireName(String value, String what) {
        if (value == null
                || value.isEmpty()
                || value.length() > 200
                || value.indexOf('{') >= 0
                || value.indexOf('}') >= 0) {
            throw new IllegalArgumentException(what + " must be 1..200 characters without { or }");
        }
    }
}
