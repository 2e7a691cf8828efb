package io.sovereign.gateway.policy;

import io.sovereign.gateway.policy.Limits.BudgetLine;
import io.sovereign.gateway.policy.Limits.QuotaLine;
import io.sovereign.gateway.policy.Limits.Scope;
import java.util.List;
import java.util.Map;

/**
 * One checked, immutable revision of the routing policy. {@code revision} is a short hash of the file's bytes;
 * {@code aliases} ({@code models.aliases}) in file order, resolved by {@link ModelCatalog#resolve}.
 */
public record Policy(
        String revision,
        Map<String, Target> targets,
        Sovereignty sovereignty,
        Map<String, io.sovereign.gateway.classify.DetectorSettings> detectors,
        List<Rule> rules,
        List<QuotaLine> quotas,
        List<BudgetLine> budgets,
        io.sovereign.gateway.classify.Level uninspectableLevel,
        List<ModelAlias> aliases) {

    /** Without model aliases. */
    public Policy(
            String revision,
            Map<String, Target> targets,
            Sovereignty sovereignty,
            Map<String, io.sovereign.gateway.classify.DetectorSettings> detectors,
            List<Rule> rules,
            List<QuotaLine> quotas,
            List<BudgetLine> budgets,
            io.sovereign.gateway.classify.Level uninspectableLevel) {
        this(revision, targets, sovereignty, detectors, rules, quotas, budgets, uninspectableLevel, List.of());
    }

    /** With the default level for content that cannot be inspected ({@code classification.uninspectable}). */
    public Policy(
            String revision,
            Map<String, Target> targets,
            Sovereignty sovereignty,
            Map<String, io.sovereign.gateway.classify.DetectorSettings> detectors,
            List<Rule> rules,
            List<QuotaLine> quotas,
            List<BudgetLine> budgets) {
        this(
                revision,
                targets,
                sovereignty,
                detectors,
                rules,
                quotas,
                budgets,
                io.sovereign.gateway.classify.ClassifierSettings.DEFAULT_UNINSPECTABLE);
    }

    public Policy {
        targets = Map.copyOf(targets);
        detectors = Map.copyOf(detectors);
        rules = List.copyOf(rules);
        quotas = List.copyOf(quotas);
        budgets = List.copyOf(budgets);
        aliases = List.copyOf(aliases);
        java.util.Objects.requireNonNull(uninspectableLevel, "uninspectableLevel");
    }

    public Target target(String name) {
        return targets.get(name);
    }

    /** The target whose chat model is {@code model}, or null. */
    public Target targetForChatModel(String model) {
        for (Target t : targets.values()) {
            if (t.model().equals(model)) {
                return t;
            }
        }
        return null;
    }

    /** The target whose embedding model is {@code model}, or null. */
    public Target targetForEmbeddingModel(String model) {
        for (Target t : targets.values()) {
            if (model.equals(t.embeddingModel())) {
                return t;
            }
        }
        return null;
    }

    /** Where above-ceiling traffic is re-routed, and where {@code auto} embeddings go. */
    public Target onpremTarget() {
        return targets.get(sovereignty.rerouteTarget());
    }

    public QuotaLine quotaFor(Scope scope, String name) {
        return Limits.lineFor(quotas.stream().filter(q -> q.scope() == scope).toList(), QuotaLine::name, name);
    }

    public BudgetLine budgetFor(Scope scope, String name) {
        return Limits.lineFor(budgets.stream().filter(b -> b.scope() == scope).toList(), BudgetLine::name, name);
    }
}
