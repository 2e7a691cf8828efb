package io.sovereign.gateway.classify;

/**
 * One detector hit. {@code start}/{@code end} are the span in the ORIGINAL segment text, or -1/-1 when the
 * match exists only after decoding (base64/hex) and cannot be mapped back. Holds no matched value, so its
 * toString cannot leak one.
 */
public record Finding(String detectorId, String kind, Level level, int segment, int start, int end) {

    public boolean mapped() {
        return start >= 0 && end > start;
    }
}
