package io.sovereign.gateway.quota;

/**
 * One limit's state after a check, for OpenAI's headers ({@code x-ratelimit-limit-requests},
 * {@code x-ratelimit-remaining-requests}, {@code x-ratelimit-reset-requests} and the {@code -tokens} trio).
 * {@code resetSeconds}: seconds until the limit is fully available again (whole seconds, rounded up).
 */
public record RateLimitState(long limit, long remaining, long resetSeconds) {
    /** OpenAI writes resets as durations such as "1s" or "6m0s". */
    public String resetHeader() {
        return resetSeconds < 60 ? resetSeconds + "s" : (resetSeconds / 60) + "m" + (resetSeconds % 60) + "s";
    }
}
