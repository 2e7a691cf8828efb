package io.sovereign.gateway.policy;

import io.sovereign.gateway.classify.Level;

/**
 * The ceiling on what may leave the building. {@code onViolation} says what happens to a request
 * above the ceiling that something (a pinned model, a rule, a budget) would send outside.
 */
public record Sovereignty(Level externalMaxLevel, OnViolation onViolation, String rerouteTarget) {

    public enum OnViolation {
        REROUTE_ONPREM,
        DENY
    }

    /** The lowest level that may not leave (restricted when everything may): where semantic work can stop. */
    public Level firstLevelKeptHome() {
        Level[] all = Level.values();
        return externalMaxLevel == Level.RESTRICTED ? Level.RESTRICTED : all[externalMaxLevel.ordinal() + 1];
    }

    public boolean mayLeave(Level level) {
        return level.compareTo(externalMaxLevel) <= 0;
    }
}
