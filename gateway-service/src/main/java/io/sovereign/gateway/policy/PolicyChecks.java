package io.sovereign.gateway.policy;

import io.sovereign.gateway.classify.ClassifierBudget;
import io.sovereign.gateway.classify.DetectorSettings;
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.policy.Rule.Action;
import io.sovereign.gateway.policy.Rule.Condition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The second phase of reading a policy: what the well-formed sections mean together. Detector values (thresholds,
 * budgets), names that refer to targets, detectors and models, unreachable rules, and rules that could send data
 * above the sovereignty ceiling out of the building. Each violation is reported at the path it was written at.
 */
final class PolicyChecks {

    private PolicyChecks() {}

    /** The detectors whose values make sense (e.g. a threshold in (0, 1]); refuses ids the gateway reserves. */
    static Map<String, DetectorSettings> detectors(Cursor classification, Map<String, DetectorSettings> parsed) {
        Map<String, DetectorSettings> out = new LinkedHashMap<>();
        for (DetectorSettings settings : parsed.values()) {
            Cursor d = classification.field("detectors").field(settings.id());
            List<String> problems = settings.problems();
            for (String problem : problems) { // "threshold: must be ..." -> path ...topics.threshold
                int k = problem.indexOf(": ");
                if (k > 0 && problem.substring(0, k).indexOf(' ') < 0) {
                    d.field(problem.substring(0, k)).violation(problem.substring(k + 2));
                } else {
                    d.violation(problem);
                }
            }
            if (problems.isEmpty()) {
                out.put(settings.id(), settings);
            }
        }
        for (String id : out.keySet()) {
            if (ClassifierBudget.reserved(id)) {
                classification
                        .field("detectors")
                        .field(id)
                        .violation("'" + id + "' is reserved for the gateway's own" + " findings ("
                                + ClassifierBudget.UNINSPECTABLE + ", " + ClassifierBudget.PREFIX
                                + "*); pick another id");
            }
        }
        return out;
    }

    /** Where above-ceiling traffic is re-routed: the named target must be on-prem; by default the first on-prem one. */
    static Sovereignty sovereignty(Cursor c, Sovereignty written, Map<String, Target> targets) {
        Cursor rerouteCursor = c.field("reroute_to");
        String reroute = written.rerouteTarget();
        if (reroute == null) {
            reroute = targets.values().stream()
                    .filter(t -> !t.external())
                    .map(Target::name)
                    .findFirst()
                    .orElse(null);
            if (reroute == null && written.onViolation() == Sovereignty.OnViolation.REROUTE_ONPREM) {
                c.violation("on_violation is reroute-onprem but no target has location onprem");
            }
        } else if (!targets.containsKey(reroute)) {
            rerouteCursor.violation("unknown target '" + reroute + "'");
        } else if (targets.get(reroute).external()) {
            rerouteCursor.violation(
                    "target '" + reroute + "' is external; sensitive traffic can only be re-routed on-prem");
        }
        return new Sovereignty(written.externalMaxLevel(), written.onViolation(), reroute);
    }

    /**
     * The rules whose names resolve, in order. Also finds rules no request can reach (after a catch-all), a missing
     * catch-all, and rules that could send data above the ceiling to an external target.
     */
    static List<Rule> rules(
            Cursor c,
            List<RuleSection.Entry> entries,
            Map<String, Target> targets,
            Map<String, DetectorSettings> detectors,
            Sovereignty sovereignty) {
        List<Rule> out = new ArrayList<>();
        if (entries == null) {
            return out;
        }
        Set<String> names = new HashSet<>();
        String catchAll = null;
        // the highest level that can still reach a rule: earlier rules with only level_at_least catch everything above
        Level maxReaching = Level.RESTRICTED;
        for (RuleSection.Entry e : entries) {
            Cursor r = e.cursor();
            String name = e.name();
            if (name != null && !names.add(name)) {
                r.field("name").violation("duplicate rule name '" + name + "'");
            }
            if (catchAll != null) {
                r.violation("unreachable: rule '" + catchAll + "' before it matches every request");
            }
            Condition when = e.when();
            references(r.field("when"), when, targets, detectors);
            Action action = e.oneAction() ? resolve(r, e, targets) : null;
            if (action != null && name != null) {
                ceiling(r, action, targets, sovereignty, maxReaching, e.allowExternal());
                out.add(new Rule(name, when, action, e.allowExternal()));
            }
            if (when.onlyLevel()) {
                if (when.levelAtLeast() == null || when.levelAtLeast() == Level.PUBLIC) {
                    catchAll = name == null ? r.path() : name;
                } else if (when.levelAtLeast().ordinal() - 1 < maxReaching.ordinal()) {
                    maxReaching = Level.values()[when.levelAtLeast().ordinal() - 1];
                }
            }
        }
        if (catchAll == null && !out.isEmpty()) {
            c.violation(
                    "the last rule must match every request (a rule without 'when'), so that no request is left without a decision");
        }
        return out;
    }

    private static void references(
            Cursor w, Condition when, Map<String, Target> targets, Map<String, DetectorSettings> detectors) {
        for (String d : when.detectors()) {
            if (!detectors.containsKey(d) && !ClassifierBudget.reserved(d)) {
                w.field("detectors")
                        .violation("unknown detector '" + d + "' (configure it under classification.detectors)");
            }
        }
        Set<String> knownModels = new HashSet<>(Set.of("auto"));
        targets.values().forEach(t -> {
            knownModels.add(t.model());
            if (t.embeddingModel() != null) {
                knownModels.add(t.embeddingModel());
            }
        });
        for (String m : when.models()) {
            if (!knownModels.contains(m)) {
                w.field("models")
                        .violation("unknown model '" + m + "' (clients may ask for: "
                                + String.join(
                                        ", ", knownModels.stream().sorted().toList()) + ")");
            }
        }
    }

    /** The rule's action with its target names checked; null when the route or redact target is unknown. */
    private static Action resolve(Cursor r, RuleSection.Entry e, Map<String, Target> targets) {
        Cursor fallbackCursor = r.field("fallback");
        String fallback = targetRef(fallbackCursor, e.fallback(), targets);
        if (e.action() instanceof Rule.Route route) {
            String target = targetRef(r.field("route"), route.target(), targets);
            if (target != null && target.equals(fallback)) {
                fallbackCursor.violation("is the same target as the route");
            }
            return target == null ? null : new Rule.Route(target, fallback);
        }
        if (e.action() instanceof Rule.Redact redact) {
            String target = targetRef(r.field("redact"), redact.target(), targets);
            return target == null ? null : new Rule.Redact(target, fallback, redact.restore());
        }
        return e.action();
    }

    private static String targetRef(Cursor c, String name, Map<String, Target> targets) {
        if (name != null && !targets.containsKey(name)) {
            c.violation("unknown target '" + name + "' (defined: " + String.join(", ", targets.keySet()) + ")");
            return null;
        }
        return name;
    }

    private static void ceiling(
            Cursor r,
            Action action,
            Map<String, Target> targets,
            Sovereignty sovereignty,
            Level maxReaching,
            boolean allowExternal) {
        if (allowExternal || sovereignty.mayLeave(maxReaching)) {
            return;
        }
        List<String> external = new ArrayList<>();
        if (action instanceof Rule.Route route) {
            addIfExternal(external, targets, route.target());
            addIfExternal(external, targets, route.fallback());
        }
        // a redact rule sends the redacted request, which is classified again and held to the ceiling at run
        // time (a codename or topic that redaction cannot remove is re-routed or refused), so it needs no waiver
        if (!external.isEmpty()) {
            r.violation("could send " + maxReaching.wire() + " data to external target(s) " + external
                    + " above the external ceiling '"
                    + sovereignty.externalMaxLevel().wire()
                    + "'; put a rule with level_at_least above the ceiling before it, or say allow_external: true"
                    + " (the gateway still re-routes or refuses such requests at run time)");
        }
    }

    private static void addIfExternal(List<String> out, Map<String, Target> targets, String name) {
        Target t = name == null ? null : targets.get(name);
        if (t != null && t.external()) {
            out.add(name);
        }
    }

    /**
     * Each alias must resolve to a chat model the policy offers ({@code auto} or a target's model), and may not
     * take the place of such a name: a real model name always means itself.
     */
    static List<ModelAlias> aliases(List<ModelSection.Entry> entries, Map<String, Target> targets) {
        Set<String> offered = new java.util.LinkedHashSet<>(List.of("auto"));
        targets.values().forEach(t -> offered.add(t.model()));
        List<ModelAlias> out = new ArrayList<>();
        for (ModelSection.Entry e : entries) {
            ModelAlias alias = e.alias();
            if (offered.contains(alias.pattern())) {
                e.cursor()
                        .violation("'" + alias.pattern()
                                + "' is a model the policy offers itself; an alias cannot replace it");
            } else if (!offered.contains(alias.model())) {
                e.cursor()
                        .violation("unknown model '" + alias.model() + "' (an alias resolves to one of: "
                                + String.join(", ", offered) + ")");
            } else {
                out.add(alias);
            }
        }
        return out;
    }
}
