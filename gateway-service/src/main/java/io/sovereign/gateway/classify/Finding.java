package io.sovereign.gateway.classify;

/**
 * One detector hit. {@code start}/{@code end} are the span in the ORIGINAL segment text, or -1/-1 when the
 * match exists only after decoding (base64/hex) and cannot be mapped back. Holds no matched value, so its
 * toString cannot leak one. A semantic topic hit also carries its best cosine similarity and the admin's
 * example phrase it matched (policy text, not request text), so explain and {@code policy test} can show why.
 *
 * @param score   semantic: best similarity of the chunk against the topic's examples; NaN for other detectors
 * @param example semantic: the example phrase that scored best; null for other detectors
 */
public record Finding(
        String detectorId, String kind, Level level, int segment, int start, int end, double score, String example) {

    public Finding(String detectorId, String kind, Level level, int segment, int start, int end) {
        this(detectorId, kind, level, segment, start, end, Double.NaN, null);
    }

    public boolean mapped() {
        return start >= 0 && end > start;
    }
}
