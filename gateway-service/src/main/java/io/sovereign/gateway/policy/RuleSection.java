package io.sovereign.gateway.policy;

import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.policy.Rule.Action;
import io.sovereign.gateway.policy.Rule.Condition;
import io.sovereign.gateway.request.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code rules:} section's shape: each rule's name, condition and one action, with target and detector names
 * as written. What the names refer to (and whether a rule is reachable or could send data out) is
 * {@link PolicyChecks}' business.
 */
final class RuleSection {

    private static final Set<String> KEYS =
            Set.of("name", "when", "route", "fallback", "deny", "redact", "restore", "allow_external");

    /**
     * One rule as written: {@code action} names its target unchecked (null when its shape is wrong),
     * {@code fallback} is the fallback target as written (also on a deny rule, which refuses one);
     * {@code oneAction} is false when the rule names no action or several.
     */
    record Entry(
            Cursor cursor,
            String name,
            Condition when,
            Action action,
            String fallback,
            boolean oneAction,
            boolean allowExternal) {}

    private RuleSection() {}

    /** The rules that are mappings, in file order; null when the section is missing. */
    static List<Entry> parse(Cursor c) {
        if (c.missing()) {
            c.violation("is required: at least one rule (a last rule without 'when' catches everything)");
            return null;
        }
        List<Entry> out = new ArrayList<>();
        for (Cursor r : c.items()) {
            if (!r.object(KEYS)) {
                r.violation("must be a mapping with a name and one of route, deny or redact");
                continue;
            }
            String name = r.field("name").string(true);
            Condition when = condition(r.field("when"));
            String fallback = r.field("fallback").string(false);
            int actions = (r.field("route").missing() ? 0 : 1)
                    + (r.field("deny").missing() ? 0 : 1)
                    + (r.field("redact").missing() ? 0 : 1);
            Action action = action(r, actions, fallback);
            out.add(new Entry(
                    r,
                    name,
                    when,
                    action,
                    fallback,
                    actions == 1,
                    Boolean.TRUE.equals(r.field("allow_external").bool())));
        }
        return out;
    }

    private static Condition condition(Cursor w) {
        if (!w.object(Set.of("level_at_least", "detectors", "teams", "groups", "roles", "models", "endpoints"))) {
            return Condition.ALWAYS;
        }
        Level level = w.field("level_at_least").level(false);
        Set<String> detectors = new LinkedHashSet<>(w.field("detectors").strings());
        Set<String> models = new LinkedHashSet<>(w.field("models").strings());
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        Cursor ec = w.field("endpoints");
        for (String e : ec.strings()) {
            Endpoint endpoint = Endpoint.byId(e);
            if (endpoint == null) {
                ec.violation("unknown endpoint '" + e + "' (known: chat.completions, embeddings)");
            } else {
                endpoints.add(endpoint);
            }
        }
        return new Condition(
                level,
                detectors,
                new LinkedHashSet<>(w.field("teams").strings()),
                new LinkedHashSet<>(w.field("groups").strings()),
                new LinkedHashSet<>(w.field("roles").strings()),
                models,
                endpoints);
    }

    private static Action action(Cursor r, int count, String fallback) {
        Cursor route = r.field("route");
        Cursor deny = r.field("deny");
        Cursor redact = r.field("redact");
        if (count != 1) {
            r.violation("needs exactly one action: route: TARGET, deny: MESSAGE or redact: TARGET");
            return null;
        }
        Boolean restore = r.field("restore").bool();
        if (!deny.missing()) {
            if (!r.field("fallback").missing() || restore != null) {
                r.violation("a deny rule takes no fallback or restore");
            }
            String message = deny.string(true);
            return message == null ? null : new Rule.Deny(message);
        }
        if (!route.missing()) {
            if (restore != null) {
                r.field("restore").violation("only redact rules restore values");
            }
            String target = route.string(true);
            return target == null ? null : new Rule.Route(target, fallback);
        }
        String target = redact.string(true);
        return target == null ? null : new Rule.Redact(target, fallback, Boolean.TRUE.equals(restore));
    }
}
