package io.sovereign.inference.sampling;

import java.util.List;

/**
 * Finds stop sequences in streamed text and holds back just enough of the tail that a stop sequence split
 * across tokens is never sent to the caller.
 */
public final class StopMatcher {
    private final List<String> stops;
    private final int holdBack;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;

    public StopMatcher(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
        this.holdBack = this.stops.stream().mapToInt(String::length).max().orElse(1) - 1;
    }

    /** Adds text; returns what may be released now. After a stop matched, {@link #stopped()} is true. */
    public String accept(String text) {
        if (stopped) {
            return "";
        }
        pending.append(text);
        int at = -1;
        for (String stop : stops) {
            int i = pending.indexOf(stop);
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
            }
        }
        if (at >= 0) {
            stopped = true;
            String out = pending.substring(0, at);
            pending.setLength(0);
            return out;
        }
        int release = Math.max(0, pending.length() - holdBack);
        // never split a surrogate pair
        if (release > 0 && release < pending.length() && Character.isHighSurrogate(pending.charAt(release - 1))) {
            release--;
        }
        String out = pending.substring(0, release);
        pending.delete(0, release);
        return out;
    }

    /** The held-back tail, at the end of generation. */
    public String flush() {
        String out = stopped ? "" : pending.toString();
        pending.setLength(0);
        return out;
    }

    public boolean stopped() {
        return stopped;
    }
}
