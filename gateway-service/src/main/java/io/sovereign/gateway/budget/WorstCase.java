package io.sovereign.gateway.budget;

import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.policy.Target;
import io.sovereign.gateway.request.CanonicalRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The most a request can cost, which is what BUDGET reserves: every prompt token plus {@code n} times the output
 * cap (the caller's, or the target's {@code max_output_tokens}, which FORWARD then sends as the cap), at the
 * dearer of the decided target and its fallback, since either may serve it.
 */
public final class WorstCase {

    private WorstCase() {}

    /** Output tokens the request may produce on {@code target}: choices x cap; 0 for embeddings. */
    public static long outputTokens(CanonicalRequest request, Target target) {
        if (!request.generates()) {
            return 0;
        }
        long cap = request.maxOutputTokens() != null ? request.maxOutputTokens() : target.maxOutputTokens();
        return Math.multiplyExact(cap, (long) request.choices());
    }

    /** The targets that may serve the request: the decided one and an available fallback. */
    public static List<Target> candidates(Target target, Target fallback) {
        List<Target> out = new ArrayList<>(2);
        out.add(target);
        if (fallback != null && fallback.available()) {
            out.add(fallback);
        }
        return out;
    }

    /** Refuses {@code n} above any candidate's {@code max_choices}: a 400 naming the limit. */
    public static void checkChoices(CanonicalRequest request, List<Target> candidates) {
        if (!request.generates()) {
            return;
        }
        for (Target t : candidates) {
            if (request.choices() > t.maxChoices()) {
                throw new GatewayError.InvalidRequest(
                        "Invalid 'n': the gateway's policy allows at most " + t.maxChoices()
                                + " choices per request (target '" + t.name() + "'), but got " + request.choices()
                                + ". Send several requests, or ask an administrator to raise max_choices.",
                        "n");
            }
        }
    }

    /** The reservation in micro-dollars: the highest worst case over the candidates. */
    public static long reservationMicros(CanonicalRequest request, long promptTokens, List<Target> candidates) {
        long worst = 0;
        for (Target t : candidates) {
            worst = Math.max(worst, t.price().worstCaseMicros(promptTokens, outputTokens(request, t)));
        }
        return worst;
    }
}
