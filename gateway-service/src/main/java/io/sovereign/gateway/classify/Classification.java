package io.sovereign.gateway.classify;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Result of classifying one request: the highest level reached, how often each detector fired, the findings
 * (spans only, never values), whether a time limit was hit (then level is RESTRICTED), the cost, and the input
 * kinds the request hands the model (a target that cannot read one of them must not get it).
 */
public record Classification(
        Level level,
        SortedMap<String, Integer> detectorCounts,
        List<Finding> findings,
        boolean timedOut,
        long nanos,
        Set<Modality> modalities) {
    public Classification {
        detectorCounts = Collections.unmodifiableSortedMap(new TreeMap<>(detectorCounts));
        findings = List.copyOf(findings);
        modalities = Collections.unmodifiableSet(
                modalities.isEmpty() ? EnumSet.noneOf(Modality.class) : EnumSet.copyOf(modalities));
    }

    /** A text-only request. */
    public Classification(
            Level level,
            SortedMap<String, Integer> detectorCounts,
            List<Finding> findings,
            boolean timedOut,
            long nanos) {
        this(level, detectorCounts, findings, timedOut, nanos, EnumSet.of(Modality.TEXT));
    }

    /** Detector ids that fired, sorted. */
    public java.util.Set<String> detectorIds() {
        return detectorCounts.keySet();
    }
}
