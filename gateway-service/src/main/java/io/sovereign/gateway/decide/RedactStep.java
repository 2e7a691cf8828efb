package io.sovereign.gateway.decide;

import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.classify.Redaction;
import io.sovereign.gateway.classify.Redactor;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.DecisionEngine;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.Endpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * What a redact rule does to a request (part of the {@link Adjudicator}): replace every
 * detected value by a typed placeholder, classify the redacted request again, and hold the result to the
 * external ceiling (what redaction cannot remove, such as a codename, keeps it home or refused).
 */
final class RedactStep {

    private RedactStep() {}

    /** The redacted request, the guarded decision, and the redaction (whose restorer puts values back). */
    record Result(CanonicalRequest request, Decision decision, Redaction redaction) {}

    static Result apply(
            Policy policy,
            Classifying classifier,
            CanonicalRequest original,
            Classification before,
            Decision decision) {
        Redaction redaction = Redactor.redact(original.content().segments(), before.findings());
        CanonicalRequest redacted = original.codec().withTexts(original, redaction.segments());
        Classification again;
        try {
            // content, not only text: an attachment that cannot be redacted is classified again and keeps its level
            again = classifier.classify(redacted.content(), null, io.sovereign.gateway.classify.Classifier.NO_DEADLINE);
        } catch (RuntimeException e) {
            throw new GatewayError.Unavailable(
                    "classifier_failed",
                    "The redacted request could not be classified again; it was not sent anywhere.");
        }
        List<String> notes = new ArrayList<>(decision.notes());
        notes.add("redacted " + redaction.replaced() + " value(s); level "
                + decision.level().wire() + " -> " + again.level().wire()
                + (again.detectorCounts().isEmpty()
                        ? ""
                        : " (still: " + String.join(", ", again.detectorCounts().keySet()) + ")"));
        Decision redactedDecision = decision.redactedTo(again.level(), notes);
        return new Result(
                redacted,
                DecisionEngine.enforceCeiling(policy, redactedDecision, again.level(), Endpoint.of(original.dialect())),
                redaction);
    }
}
