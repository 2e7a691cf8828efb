package io.sovereign.gateway.request;

import io.sovereign.gateway.classify.TextSegment;
import java.util.List;

/**
 * A request's prompt tokens, counted on first use and then remembered: most requests of a policy without token
 * quotas or budgets never pay for the tokenizer. Thread-safe (counting twice in a race gives the same number).
 */
public final class TokenEstimate {

    private volatile long promptTokens = -1;

    public long promptTokens(PromptCounter counter, List<TextSegment> segments) {
        long n = promptTokens;
        if (n < 0) {
            n = counter.promptTokens(segments);
            promptTokens = n;
        }
        return n;
    }

    /** Whether anything asked for the count yet (for tests and the profile). */
    public boolean counted() {
        return promptTokens >= 0;
    }

    @Override
    public String toString() {
        return counted() ? "TokenEstimate[" + promptTokens + "]" : "TokenEstimate[not counted]";
    }
}
