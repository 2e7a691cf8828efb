package io.sovereign.gateway.policy;

import io.sovereign.gateway.classify.Level;

/**
 * The ceiling on what may leave the building. {@code onViolation} says what happens to a request
 * above the ceiling that something (a pinned model, a rule, a budget) would send outside.
 */
public record Sovereignty(Level externalMaxLevel, OnViolation onViolation, String rerouteTarget) {

    public enum OnViolation { REROUTE_ONPREM, DENY }

    public boolean mayLeave(Level level) {
        return level.compareTo(externalMaxLevel) <= 0;
    }
}
