package io.sovereign.gateway.policy;

import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.policy.Decision.Kind;
import io.sovereign.gateway.policy.Rule.Condition;
import io.sovereign.gateway.request.Endpoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * Applies a policy to the facts of one request. First matching rule wins; a model the caller names pins
 * its target; and whatever picked the target, data above the external ceiling never goes to an external
 * target (re-routed on-prem or refused, as the policy says) and never gets an external fallback. A REDACT
 * decision comes back unguarded: {@code RedactStep} redacts, classifies again and then applies the guard.
 */
public final class DecisionEngine {

    private DecisionEngine() {}

    public static Decision decide(Policy policy, RequestFacts facts) {
        List<String> notes = new ArrayList<>();
        ModelCatalog.Resolution alias = ModelCatalog.resolve(policy, facts.endpoint(), facts.model());
        if (alias.aliased()) { // models.aliases: the pin and the rules see the name the alias stands for
            notes.add(alias.note());
            facts = ModelCatalog.resolveFacts(policy, facts);
        }
        Target pinned = pinnedTarget(policy, facts);
        Rule rule = firstMatch(policy, facts);
        if (rule.action() instanceof Rule.Deny deny) {
            return new Decision(
                    policy.revision(),
                    rule.name(),
                    Kind.DENY,
                    null,
                    null,
                    null,
                    facts.level(),
                    facts.detectorCounts(),
                    deny.message(),
                    false,
                    notes);
        }
        String ruleTarget;
        String ruleFallback;
        boolean restore = false;
        Kind kind;
        if (rule.action() instanceof Rule.Redact redact) {
            kind = Kind.REDACT;
            ruleTarget = redact.target();
            ruleFallback = redact.fallback();
            restore = redact.restore();
        } else {
            Rule.Route route = (Rule.Route) rule.action();
            kind = Kind.ROUTE;
            ruleTarget = route.target();
            ruleFallback = route.fallback();
        }
        Target target = pinned != null ? pinned : policy.target(ruleTarget);
        if (pinned != null && !pinned.name().equals(ruleTarget)) {
            notes.add("model '" + facts.model() + "' pins target '" + pinned.name() + "'");
        }
        Target fallback =
                ruleFallback == null || ruleFallback.equals(target.name()) ? null : policy.target(ruleFallback);
        if (facts.endpoint() == Endpoint.EMBEDDINGS && fallback != null) {
            fallback = null; // vectors of different models do not mix: an embedding model is never switched
        }
        Decision decision = new Decision(
                policy.revision(),
                rule.name(),
                kind,
                target,
                fallback,
                upstreamModel(target, facts.endpoint()),
                facts.level(),
                facts.detectorCounts(),
                null,
                restore,
                notes);
        // a redact decision is held to the ceiling once the request is redacted and classified again
        return kind == Kind.REDACT ? decision : enforceCeiling(policy, decision, facts.level(), facts.endpoint());
    }

    /**
     * The sovereignty guard, applied after the rules and again whenever something changes the target or the
     * level (redaction, budget downgrade). Throws {@link GatewayError.Forbidden} when the policy refuses.
     */
    public static Decision enforceCeiling(Policy policy, Decision d, Level level, Endpoint endpoint) {
        Sovereignty s = policy.sovereignty();
        if (s.mayLeave(level) || d.kind() == Kind.DENY) {
            return d;
        }
        List<String> notes = new ArrayList<>(d.notes());
        Target target = d.target();
        Target fallback = d.fallback();
        if (fallback != null && fallback.external()) {
            notes.add("no external fallback: level " + level.wire() + " is above the external ceiling '"
                    + s.externalMaxLevel().wire() + "'");
            fallback = null;
        }
        if (target.external()) {
            String why = "the request is classified " + level.wire() + " (detectors: " + detectorList(d)
                    + "), above the"
                    + " external ceiling '" + s.externalMaxLevel().wire() + "', so it may not go to external target '"
                    + target.name() + "'";
            if (endpoint == Endpoint.EMBEDDINGS) {
                throw new GatewayError.Forbidden(
                        "sensitive_data_external_model",
                        why
                                + "; embedding models are never switched behind your back: use model 'auto' (on-prem embeddings)");
            }
            if (s.onViolation() == Sovereignty.OnViolation.DENY || policy.onpremTarget() == null) {
                throw new GatewayError.Forbidden("sensitive_data_external_model", why + "; the policy refuses it");
            }
            notes.add("re-routed on-prem: " + why);
            target = policy.onpremTarget();
            if (fallback != null && fallback.name().equals(target.name())) {
                fallback = null;
            }
        }
        return new Decision(
                d.revision(),
                d.rule(),
                d.kind(),
                target,
                fallback,
                upstreamModel(target, endpoint),
                level,
                d.detectors(),
                null,
                d.restore(),
                notes);
    }

    private static String detectorList(Decision d) {
        return d.detectors().isEmpty()
                ? "none"
                : String.join(", ", new TreeSet<>(d.detectors().keySet()));
    }

    private static String upstreamModel(Target target, Endpoint endpoint) {
        return endpoint == Endpoint.EMBEDDINGS ? target.embeddingModel() : target.model();
    }

    /** The target a concrete model name selects, null for {@code auto}; unknown names are a 404. */
    static Target pinnedTarget(Policy policy, RequestFacts facts) {
        String model = facts.model();
        if (facts.endpoint() == Endpoint.EMBEDDINGS) {
            Target t = "auto".equals(model) ? policy.onpremTarget() : policy.targetForEmbeddingModel(model);
            if (t == null || t.embeddingModel() == null) {
                throw new GatewayError.NotFound(
                        "model_not_found",
                        "The embedding model '" + model
                                + "' does not exist or you do not have access to it; available: "
                                + String.join(", ", ModelCatalog.embeddingModels(policy)),
                        "model");
            }
            return t;
        }
        if ("auto".equals(model)) {
            return null;
        }
        Target t = policy.targetForChatModel(model);
        if (t == null) {
            throw new GatewayError.NotFound(
                    "model_not_found",
                    "The model '" + model
                            + "' does not exist or you do not have access to it; available: "
                            + String.join(", ", ModelCatalog.chatModels(policy)),
                    "model");
        }
        return t;
    }

    static Rule firstMatch(Policy policy, RequestFacts facts) {
        for (Rule rule : policy.rules()) {
            if (matches(rule.when(), facts)) {
                return rule;
            }
        }
        // the parser requires a catch-all last rule, so this is a bug, not a policy choice
        throw new IllegalStateException("policy " + policy.revision() + " has no rule matching the request");
    }

    static boolean matches(Condition c, RequestFacts f) {
        return (c.levelAtLeast() == null || f.level().atLeast(c.levelAtLeast()))
                && (c.detectors().isEmpty()
                        || !Collections.disjoint(
                                c.detectors(), f.detectorCounts().keySet()))
                && (c.teams().isEmpty() || c.teams().contains(f.principal().team()))
                && (c.groups().isEmpty()
                        || !Collections.disjoint(c.groups(), f.principal().groups()))
                && (c.roles().isEmpty()
                        || !Collections.disjoint(c.roles(), f.principal().roles()))
                && (c.models().isEmpty() || c.models().contains(f.model()))
                && (c.endpoints().isEmpty() || c.endpoints().contains(f.endpoint()));
    }
}
