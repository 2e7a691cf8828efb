package io.sovereign.gateway.admin;

import java.util.function.Function;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.Classification;
import io.sovereign.gateway.classify.Classifier;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.openai.Endpoint;
import io.sovereign.gateway.openai.ParsedRequest;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.pipeline.ClassifyFilter;
import io.sovereign.gateway.policy.Decision;
import io.sovereign.gateway.policy.DecisionEngine;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.RequestFacts;
import tools.jackson.databind.node.ObjectNode;

/**
 * "Why did my request go there?": parses, classifies and decides a request exactly as the pipeline does,
 * without forwarding anything. Used by {@code POST /admin/policy/explain} and by {@code policy test}.
 */
public final class Explainer {

    private final Function<Policy, Classifier> classifiers;

    public Explainer(Function<Policy, Classifier> classifiers) {
        this.classifiers = classifiers;
    }

    /** The decision, or a refusal (the policy's deny or the sovereignty guard), as one record. */
    public ObjectNode explain(Policy policy, Endpoint endpoint, byte[] body, GatewayPrincipal as) {
        ParsedRequest request = RequestParser.parse(endpoint, body);
        Classifier classifier = classifiers.apply(policy);
        Classification c = classifier.classify(ClassifyFilter.content(request), policy.sovereignty().firstLevelKeptHome());
        ObjectNode out = RequestParser.JSON.createObjectNode();
        out.put("policy_revision", policy.revision());
        out.put("endpoint", endpoint.id());
        out.put("requested_model", request.model());
        io.sovereign.gateway.policy.ModelCatalog.Resolution alias = io.sovereign.gateway.policy.ModelCatalog.resolve(policy, endpoint, request.model());
        if (alias.aliased()) {
            out.putObject("model_alias").put("pattern", alias.alias().pattern()).put("resolves_to", alias.model());
        }
        out.put("user", as.user());
        out.put("team", as.team());
        out.put("level", c.level().wire());
        ObjectNode detectors = out.putObject("detectors");
        c.detectorCounts().forEach(detectors::put);
        topicMatches(c, out);
        out.put("classifier_timed_out", c.timedOut());
        try {
            Decision d = DecisionEngine.decide(policy, new RequestFacts(endpoint, request.model(), c.level(), c.detectorCounts(), as));
            if (d.kind() == Decision.Kind.REDACT) {
                d = io.sovereign.gateway.pipeline.RedactStep.apply(policy, classifier, request, c, d).decision();
                out.put("level_after_redaction", d.level().wire());
            }
            out.put("rule", d.rule());
            out.put("action", d.kind().name().toLowerCase(java.util.Locale.ROOT));
            if (d.kind() == Decision.Kind.DENY) {
                out.put("message", d.denyMessage());
            } else {
                out.put("target", d.targetName());
                out.put("target_location", d.target().location().id());
                out.put("upstream_model", d.upstreamModel());
                out.put("fallback", d.fallback() == null ? null : d.fallback().name());
                if (!d.target().available()) {
                    out.put("target_unavailable", d.target().unavailableReason());
                }
            }
            GatewayError unreadable = io.sovereign.gateway.pipeline.InputCheck.refusal(policy, d, c.modalities());
            if (unreadable != null) {
                out.put("refused", unreadable.getMessage());   // what the caller would get: a 400, nothing sent
            }
            d.notes().forEach(out.putArray("notes")::add);
        } catch (GatewayError.Forbidden refused) {
            out.put("action", "deny");
            out.put("message", refused.getMessage());
        }
        return out;
    }

    /** Per semantic topic, the best-scoring example it matched and the score, so an admin can tune its threshold. */
    private static void topicMatches(Classification c, ObjectNode out) {
        ObjectNode topics = null;
        for (io.sovereign.gateway.classify.Finding f : c.findings()) {
            if (Double.isNaN(f.score()) || f.example() == null) {
                continue;
            }
            topics = topics == null ? out.putObject("topics") : topics;
            ObjectNode best = topics.get(f.detectorId()) instanceof ObjectNode o ? o : null;
            if (best == null || best.path("score").asDouble() < f.score()) {
                topics.putObject(f.detectorId()).put("score", Math.round(f.score() * 1000) / 1000.0).put("example", f.example());
            }
        }
    }
}
