package io.sovereign.gateway.quota;

/**
 * Outcome of a quota check. {@code requests}/{@code tokens} are null when the policy sets no such limit
 * or the store could not be asked. {@code retryAfterSeconds} is set when refused (for {@code Retry-After}).
 */
public record QuotaDecision(
        Outcome outcome, RateLimitState requests, RateLimitState tokens, long retryAfterSeconds, String message) {
    public enum Outcome {
        ALLOWED,
        /** The user's requests-per-minute is used up (429 rate_limit_exceeded). */
        REQUESTS_LIMITED,
        /** The team's tokens-per-minute cannot hold this request's estimate (429 rate_limit_exceeded). */
        TOKENS_LIMITED,
        /** Store unreachable and fail-closed (503). */
        STORE_UNAVAILABLE,
        /** Store unreachable and fail-open: allowed without counting (metric {@code gateway.store.errors}). */
        ALLOWED_UNENFORCED
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED || outcome == Outcome.ALLOWED_UNENFORCED;
    }
}
