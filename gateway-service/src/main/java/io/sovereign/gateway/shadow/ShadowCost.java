package io.sovereign.gateway.shadow;

import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.Target;

/**
 * What a request would have cost under the candidate, minus what it cost live. The live side is the cost the
 * gateway settled (0 when nothing was sent); the candidate's is its target's price ({@code money.Price}, rounded up
 * per request as the ledger does) times the same tokens: the answer's usage when there was one, else the counted
 * prompt tokens and no output (a request refused live has no answer to measure). A request both policies decide
 * alike contributes 0.
 */
public final class ShadowCost {

    /** A request's tokens as recorded: prompt (cached ones included), cached prompt, output. */
    public record Tokens(long input, long cachedInput, long output) {
        public static final Tokens NONE = new Tokens(0, 0, 0);
    }

    private ShadowCost() {}

    public static long deltaMicros(
            ShadowSide live, ShadowSide candidate, Policy candidatePolicy, Tokens tokens, long liveCostMicros) {
        if (live.equals(candidate)) {
            return 0;
        }
        long candidateCost = 0;
        Target t = candidate.sends() ? candidatePolicy.target(candidate.target()) : null;
        if (t != null) {
            candidateCost = t.price()
                    .costMicros(tokens.input(), Math.min(tokens.cachedInput(), tokens.input()), tokens.output());
        }
        return candidateCost - liveCostMicros;
    }
}
