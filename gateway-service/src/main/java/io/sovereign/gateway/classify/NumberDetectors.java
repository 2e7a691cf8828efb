package io.sovereign.gateway.classify;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Shared pieces of the number detectors: allow-lists and nearby context words. */
final class NumberDetectors {
    private NumberDetectors() {}

    static Set<String> digitsOnly(List<String> values) {
        Set<String> out = new HashSet<>();
        for (String v : values) {
            StringBuilder b = new StringBuilder();
            NormalizedText n = NormalizedText.of(v);
            for (int i = 0; i < n.text.length(); i++) {
                char c = n.text.charAt(i);
                if (Character.isLetterOrDigit(c)) {
                    b.append(Character.toUpperCase(c));
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    /** True when one of the (lower-case) words occurs in lower[from-window, from). */
    static boolean contextBefore(String lower, int from, int window, String... words) {
        int a = Math.max(0, from - window);
        for (int i = a; i < from; i++) {
            if (i > 0 && Character.isLetterOrDigit(lower.charAt(i - 1))) {
                continue; // words start at a word boundary
            }
            char c = lower.charAt(i);
            for (String w : words) {
                if (w.charAt(0) == c && i + w.length() <= from && lower.startsWith(w, i) && wordEnd(lower, i, w)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when one of the words occurs within {@code before} chars before {@code from} or {@code after} chars after {@code to}. */
    static boolean contextNear(String lower, int from, int to, int before, int after, String... words) {
        return contextBefore(lower, from, before, words) || contextAfter(lower, to, after, words);
    }

    /** True when one of the (lower-case) words starts at a word boundary in lower[to, to+window). */
    static boolean contextAfter(String lower, int to, int window, String... words) {
        int b = Math.min(lower.length(), to + window);
        for (int i = to; i < b; i++) {
            if (i > 0 && Character.isLetterOrDigit(lower.charAt(i - 1))) {
                continue;
            }
            char c = lower.charAt(i);
            for (String w : words) {
                if (w.charAt(0) == c && lower.startsWith(w, i) && wordEnd(lower, i, w)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Short words ("sin", "tfn", "dl") must end there: "since" is not "sin"; longer ones may be stems. */
    private static boolean wordEnd(String lower, int i, String w) {
        int e = i + w.length();
        return w.length() > 4 || e >= lower.length() || !Character.isLetter(lower.charAt(e));
    }

    /**
     * The digits at {@code from} continue an IBAN-like group sequence: the token before (one space away) is a
     * 4-char upper-case group with a letter ("NL91 ABNA 0417 1643 01", "GB29 NWBK 6016 ..."), so they are the
     * IBAN detector's, not a phone or account number of their own.
     */
    static boolean afterIbanGroup(String text, int from) {
        int e = from - 1;
        if (e < 4 || text.charAt(e) != ' ') {
            return false;
        }
        int a = e - 4;
        if (a > 0 && Character.isLetterOrDigit(text.charAt(a - 1))) {
            return false;
        }
        boolean letter = false;
        for (int i = a; i < e; i++) {
            char c = text.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
            letter |= c >= 'A' && c <= 'Z';
        }
        String tok = text.substring(a, e);
        return letter && !tok.equals("CALL") && !tok.equals("TEL.") && !tok.equals("CELL");
    }
}
