package io.sovereign.gateway.stream;

import io.sovereign.gateway.classify.Restorer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What one answer's chain needs to know about its request, read once, and the chain's order:
 * idle-timeout notice, usage capture, usage strip, restore redactions, translation.
 *
 * @param targetName       the target that is answering (named in the idle-timeout error)
 * @param idleTimeout      how long the upstream may go quiet mid-answer
 * @param callerAskedUsage the caller itself asked for {@code stream_options.include_usage}
 * @param restorers        fresh restorers for a redacted request whose rule restores, or null
 * @param translator       the last handler, turning chat chunks into the caller's dialect (or, for a passthrough,
 *                         finishing the caller's own), or null for chat callers
 * @param passthrough      the target answers in the caller's own API (Responses), not in chat completions: its usage
 *                         and placeholders are read in that dialect
 */
public record StreamPlan(
        String targetName,
        Duration idleTimeout,
        boolean callerAskedUsage,
        Supplier<Restorer> restorers,
        StreamHandler translator,
        boolean passthrough) {

    public StreamPlan(
            String targetName,
            Duration idleTimeout,
            boolean callerAskedUsage,
            Supplier<Restorer> restorers,
            StreamHandler translator) {
        this(targetName, idleTimeout, callerAskedUsage, restorers, translator, false);
    }

    /** The ordered handlers, with {@code usage} as the capture whose counts settle the answer. */
    public List<StreamHandler> handlers(UsageCapture usage) {
        List<StreamHandler> chain = new ArrayList<>(5);
        chain.add(new IdleTimeoutNotice(targetName, idleTimeout));
        if (passthrough) {
            // the caller's own dialect end to end: the same steps, read in Responses terms; nothing to strip
            chain.add(new ResponsesUsageCapture(usage));
            if (restorers != null) {
                chain.add(new RestoreResponsesRedactions(restorers));
            }
            if (translator != null) {
                chain.add(translator);
            }
            return chain;
        }
        chain.add(usage);
        if (translator == null && !callerAskedUsage) {
            // a translator needs the usage chunk for its own final event, and decides itself what its caller sees
            chain.add(new UsageStrip());
        }
        if (restorers != null) {
            chain.add(new RestoreRedactions(restorers)); // before translation: translated text carries the originals
        }
        if (translator != null) {
            chain.add(translator);
        }
        return chain;
    }
}
