package io.sovereign.gateway.decide;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.classify.ClassifierBudget;
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.classify.RequestContent;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.DecisionEngine;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.RequestFacts;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a request: classification (fail closed: an error or the deadline counts as restricted), then the
 * policy's first matching rule under the sovereignty ceiling, a redact rule's redaction and classification
 * again, and whether the target reads the request's inputs. The one implementation behind the pipeline's
 * CLASSIFY and DECIDE, {@code POST /admin/policy/explain} and {@code policy test}, so the three cannot diverge.
 * Plain Java; where it runs (event loop or the classifier scheduler) is the caller's business.
 */
public final class Adjudicator {

    private static final Logger log = LoggerFactory.getLogger(Adjudicator.class);

    /** The detector id of a classification that failed (the level is then restricted). */
    public static final String CLASSIFIER_ERROR = "classifier-error";

    private final Function<Policy, Classifying> classifiers;
    private final Duration deadline;

    /** @param deadline how long classification may take ({@code gateway.classifier.deadline}) */
    public Adjudicator(Function<Policy, Classifying> classifiers, Duration deadline) {
        this.classifiers = classifiers;
        this.deadline = deadline;
    }

    public Duration deadline() {
        return deadline;
    }

    /** Whether deciding under {@code policy} may run the semantic model (and so must not run on the event loop). */
    public boolean heavy(Policy policy) {
        return classifiers.apply(policy).hasSemantic();
    }

    /** Classification, due by {@code dueNanos} ({@link System#nanoTime}); never throws: failures count as restricted. */
    public Classification classify(Policy policy, CanonicalRequest request, long dueNanos) {
        RequestContent content = request.content();
        try {
            return classifiers
                    .apply(policy)
                    .classify(content, policy.sovereignty().firstLevelKeptHome(), dueNanos);
        } catch (RuntimeException e) {
            log.error("classifier failed; treating the request as restricted (fail closed)", e);
            return failClosed(CLASSIFIER_ERROR, content);
        }
    }

    /** The classification of a request whose classifier did not answer in time (queueing included). */
    public static Classification timedOut(RequestContent content) {
        return failClosed(ClassifierBudget.DEADLINE.id(), content);
    }

    private static Classification failClosed(String detectorId, RequestContent content) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        counts.put(detectorId, 1);
        return new Classification(Level.RESTRICTED, counts, List.of(), true, 0, content.modalities());
    }

    /**
     * The decision for an already classified request. A model name nobody serves is thrown (404): it is the
     * request that is wrong, not the policy that refuses.
     */
    public Adjudication decide(
            String decisionId, GatewayPrincipal principal, CanonicalRequest request, Classification c, Policy policy) {
        Endpoint endpoint = Endpoint.of(request.dialect());
        Decision decision;
        try {
            decision = DecisionEngine.decide(
                    policy, new RequestFacts(endpoint, request.model(), c.level(), c.detectorCounts(), principal));
        } catch (GatewayError.Forbidden refused) {
            return new Adjudication(decisionId, null, request, null, refused, false);
        }
        if (decision.kind() == Decision.Kind.DENY) {
            return new Adjudication(
                    decisionId,
                    decision,
                    request,
                    null,
                    new GatewayError.Forbidden(
                            "policy_denied", decision.denyMessage() + " (policy rule '" + decision.rule() + "')"),
                    true);
        }
        CanonicalRequest toSend = request;
        io.sovereign.gateway.classify.Redaction redaction = null;
        if (decision.kind() == Decision.Kind.REDACT) {
            try {
                RedactStep.Result r = RedactStep.apply(policy, classifiers.apply(policy), request, c, decision);
                toSend = r.request();
                decision = r.decision();
                redaction = r.redaction();
            } catch (GatewayError refused) {
                // the rule that matched stays on record even though the ceiling (or classifying again) refuses
                return new Adjudication(decisionId, decision, request, null, refused, false);
            }
        }
        GatewayError unreadable = InputCheck.refusal(policy, decision, c.modalities());
        return new Adjudication(decisionId, decision, toSend, redaction, unreadable, true);
    }

    /**
     * The decision for recorded facts alone, as {@code policy diff} replays an audit log: there is no prompt text, so
     * a redact rule cannot classify the redacted request again and is held to the ceiling at {@code redactedLevel}
     * instead (the caller says what it knows of it). Everything else is what {@link #decide} does.
     */
    public static Adjudication decideFacts(
            String decisionId,
            Policy policy,
            RequestFacts facts,
            java.util.Set<io.sovereign.gateway.classify.Modality> modalities,
            Level redactedLevel) {
        Decision decision;
        try {
            decision = DecisionEngine.decide(policy, facts);
        } catch (GatewayError refused) {
            return new Adjudication(decisionId, null, null, null, refused, false);
        }
        if (decision.kind() == Decision.Kind.DENY) {
            return new Adjudication(
                    decisionId,
                    decision,
                    null,
                    null,
                    new GatewayError.Forbidden(
                            "policy_denied", decision.denyMessage() + " (policy rule '" + decision.rule() + "')"),
                    true);
        }
        if (decision.kind() == Decision.Kind.REDACT) {
            Decision redacted = decision.redactedTo(redactedLevel, decision.notes());
            try {
                decision = DecisionEngine.enforceCeiling(policy, redacted, redactedLevel, facts.endpoint());
            } catch (GatewayError refused) {
                return new Adjudication(decisionId, decision, null, null, refused, false);
            }
        }
        return new Adjudication(
                decisionId, decision, null, null, InputCheck.refusal(policy, decision, modalities), true);
    }
}
