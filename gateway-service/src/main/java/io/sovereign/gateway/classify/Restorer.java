package io.sovereign.gateway.classify;

import java.util.Map;

/**
 * Puts originals back in place of placeholders in a response. For streams, feed successive content deltas to
 * {@link #feed}: it returns the text that is safe to emit now and holds back only a tail that could still
 * become a placeholder in the next delta; {@link #flush} returns what is left at the end. Not thread-safe:
 * one instance per response.
 */
public final class Restorer {
    private final Map<String, String> originals;
    private final int maxLen;
    private final StringBuilder pending = new StringBuilder();

    Restorer(Map<String, String> originals) {
        this.originals = originals;
        int m = 0;
        for (String p : originals.keySet()) {
            m = Math.max(m, p.length());
        }
        this.maxLen = m;
    }

    /** Restores a complete text in one go. */
    public String restoreAll(String text) {
        Restorer r = new Restorer(originals);
        return r.feed(text) + r.flush();
    }

    public String feed(String delta) {
        if (originals.isEmpty()) {
            return delta;
        }
        pending.append(delta);
        int hold = holdFrom();
        String ready = pending.substring(0, hold);
        pending.delete(0, hold);
        return replaceAll(ready);
    }

    public String flush() {
        String rest = replaceAll(pending.toString());
        pending.setLength(0);
        return rest;
    }

    /** Index from which the pending text could be the start of a placeholder not yet complete. */
    private int holdFrom() {
        int n = pending.length();
        int from = Math.max(0, n - maxLen + 1);
        for (int i = from; i < n; i++) {
            if (pending.charAt(i) == '[' && couldStart(i)) {
                return i;
            }
        }
        return n;
    }

    private boolean couldStart(int i) {
        String tail = pending.substring(i);
        for (String p : originals.keySet()) {
            if (p.length() > tail.length() && p.startsWith(tail)) {
                return true;
            }
        }
        return false;
    }

    private String replaceAll(String s) {
        if (s.indexOf('[') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int open = s.indexOf('[', i);
            if (open < 0) {
                break;
            }
            int close = s.indexOf(']', open);
            String original = close < 0 ? null : originals.get(s.substring(open, close + 1));
            if (original == null) {
                b.append(s, i, open + 1);
                i = open + 1;
            } else {
                b.append(s, i, open).append(original);
                i = close + 1;
            }
        }
        b.append(s, i, s.length());
        return b.toString();
    }
}
