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

    public String targetName() {
        return target == null ? null : target.name();
    }
}
