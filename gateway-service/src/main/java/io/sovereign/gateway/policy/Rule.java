package io.sovereign.gateway.policy;

import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.request.Endpoint;
import java.util.Set;

/** One policy rule: the first rule whose condition matches decides. */
public record Rule(String name, Condition when, Action action, boolean allowExternal) {

    /** All present fields must match; an absent (null or empty) field matches anything. */
    public record Condition(
            Level levelAtLeast,
            Set<String> detectors,
            Set<String> teams,
            Set<String> groups,
            Set<String> roles,
            Set<String> models,
            Set<Endpoint> endpoints) {

        public static final Condition ALWAYS =
                new Condition(null, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());

        /** True when only {@code level_at_least} (or nothing) constrains the rule: it catches every request at that level. */
        public boolean onlyLevel() {
            return detectors.isEmpty()
                    && teams.isEmpty()
                    && groups.isEmpty()
                    && roles.isEmpty()
                    && models.isEmpty()
                    && endpoints.isEmpty();
        }
    }

    /** What a matching rule does. */
    public sealed interface Action {}

    /** Send to {@code target}; on failure before any byte reached the caller, try {@code fallback} (may be null). */
    public record Route(String target, String fallback) implements Action {}

    /** Refuse with 403 and the rule's message. */
    public record Deny(String message) implements Action {}

    /** Replace detected values by placeholders, then send; optionally put the originals back in the answer. */
    public record Redact(String target, String fallback, boolean restore) implements Action {}
}
