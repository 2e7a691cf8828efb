package io.sovereign.gateway.classify;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Result of classifying one request: the highest level reached, how often each detector fired, the findings
 * (spans only, never values), whether the semantic part timed out (then level is RESTRICTED) and the cost.
 */
public record Classification(Level level, SortedMap<String, Integer> detectorCounts, List<Finding> findings,
                             boolean timedOut, long nanos) {
    public Classification {
        detectorCounts = Collections.unmodifiableSortedMap(new TreeMap<>(detectorCounts));
        findings = List.copyOf(findings);
    }

    /** Detector ids that fired, sorted. */
    public java.util.Set<String> detectorIds() {
        return detectorCounts.keySet();
    }
}
