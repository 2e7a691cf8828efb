package io.sovereign.gateway.classify;

import java.util.List;
import java.util.Map;

/**
 * Result of {@link Redactor#redact}: the redacted segments (same paths, same order), the placeholder -> original
 * mapping (kept in memory for this request only), how many spans were replaced and how many findings could not
 * be mapped to a span. toString never prints originals.
 */
public record Redaction(List<TextSegment> segments, Map<String, String> originals, int replaced, int unmapped) {
    public Redaction {
        segments = List.copyOf(segments);
        originals = Map.copyOf(originals);
    }

    /** A fresh restorer for one response (streamed or not). */
    public Restorer restorer() {
        return new Restorer(originals);
    }

    @Override
    public String toString() {
        return "Redaction[segments=" + segments.size() + ", placeholders=" + originals.size() + ", replaced=" + replaced
                + ", unmapped=" + unmapped + "]";
    }
}
