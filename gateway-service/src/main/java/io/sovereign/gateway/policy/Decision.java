package io.sovereign.gateway.policy;

import io.sovereign.gateway.classify.Level;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a request goes where it goes: the auditable record returned by the explain endpoint and written to
 * the audit line of real requests. {@code notes} explain overrides (re-routed on-prem, fallback dropped).
 */
public record Decision(
        String revision,
        String rule,
        Kind kind,
        Target target,
        Target fallback,
        String upstreamModel,
        Level level,
        Map<String, Integer> detectors,
        String denyMessage,
        boolean restore,
        java.util.List<String> notes) {

    public enum Kind {
        ROUTE,
        REDACT,
        DENY
    }

    public Decision {
        detectors = new TreeMap<>(detectors);
        notes = java.util.List.copyOf(notes);
    }

    /** This redact decision once its values are replaced: the level the redacted request classifies at. */
    public Decision redactedTo(Level redactedLevel, java.util.List<String> withNotes) {
        return new Decision(
                revision,
                rule,
                kind,
                target,
                fallback,
                upstreamModel,
                redactedLevel,
                detectors,
                null,
                restore,
                withNotes);
    }

    public String targetName() {
        return target == null ? null : target.name();
    }
}
