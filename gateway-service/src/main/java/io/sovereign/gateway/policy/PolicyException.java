package io.sovereign.gateway.policy;

import java.util.List;

/** A policy file that was refused, with every violation and its path (e.g. {@code rules[2].route: unknown target 'x'}). */
public final class PolicyException extends Exception {

    private final List<String> violations;

    public PolicyException(List<String> violations) {
        super(violations.size() + " policy violation(s):\n  " + String.join("\n  ", violations), null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
