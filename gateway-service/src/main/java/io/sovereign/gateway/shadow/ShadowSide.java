package io.sovereign.gateway.shadow;

import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.decide.Adjudication;
import io.sovereign.gateway.policy.Decision;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/**
 * One side of a shadow comparison: what a policy did with a request, in the terms an admin compares two policies
 * by. {@code action} is {@code route}, {@code redact}, {@code deny} (a deny rule) or {@code refuse} (the ceiling, an
 * unreadable input or an unknown model: nothing sent, no rule's doing); {@code target} and {@code fallback} are null
 * when nothing would be sent; {@code level} is the level the decision was taken at (after redaction, for a redact
 * rule).
 */
public record ShadowSide(String rule, String target, String fallback, String action, String level) {

    public static final String ROUTE = "route";
    public static final String REDACT = "redact";
    public static final String DENY = "deny";
    public static final String REFUSE = "refuse";

    /** The adjudicator's answer as a side; {@code a} null when it threw (an unknown model). */
    public static ShadowSide of(Adjudication a, Level classified) {
        Decision d = a == null ? null : a.decision();
        if (d == null) {
            return new ShadowSide(null, null, null, REFUSE, classified.wire());
        }
        if (a.refusal() != null) {
            return new ShadowSide(
                    d.rule(),
                    null,
                    null,
                    d.kind() == Decision.Kind.DENY ? DENY : REFUSE,
                    d.level().wire());
        }
        return new ShadowSide(
                d.rule(),
                d.targetName(),
                d.fallback() == null ? null : d.fallback().name(),
                d.kind().name().toLowerCase(Locale.ROOT),
                d.level().wire());
    }

    /** Whether the request would be sent to {@link #target}. */
    public boolean sends() {
        return target != null && (ROUTE.equals(action) || REDACT.equals(action));
    }

    void writeTo(ObjectNode o) {
        o.put("rule", rule);
        o.put("target", target);
        o.put("fallback", fallback);
        o.put("action", action);
        o.put("level", level);
    }
}
