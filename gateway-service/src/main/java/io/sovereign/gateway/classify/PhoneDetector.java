package io.sovereign.gateway.classify;

import java.util.Set;

/**
 * Phone numbers: E.164 ("+" or "00", country code, 8..15 digits) and common national formats: North American
 * (NXX) NXX-XXXX / NXX-NXX-XXXX, trunk-prefixed European numbers (UK 020 7946 0958, 07700 900123; German
 * 030 1234567; French 01 23 45 67 89). Bare digit strings count only next to a word like "phone" or "call",
 * so order numbers, timestamps and ids do not fire.
 */
final class PhoneDetector implements Detector {
    private static final String[] CONTEXT = {"phone", "tel", "call", "mobile", "cell", "fax", "whatsapp",
            "sms", "text me", "reach me", "dial", "handy", "portable", "telefon"};
    private final Set<String> allow;

    PhoneDetector(DetectorSettings s) {
        this.allow = NumberDetectors.digitsOnly(s.allow());
    }

    @Override
    public void scan(NormalizedText t, Sink sink) {
        DigitRuns d = t.digitRuns();
        if (d.nDigits < 7) {
            return;
        }
        String s = t.text;
        for (int r = 0; r < d.nRuns; r++) {
            int g0 = d.runGroup[r];
            int g1 = d.runGroup[r + 1];
            int start = d.startOf(g0);
            boolean plus = start > 0 && s.charAt(start - 1) == '+'
                    || start > 1 && s.charAt(start - 1) == ' ' && s.charAt(start - 2) == '+';
            boolean paren = start > 0 && s.charAt(start - 1) == '(';
            if (start > 0 && Character.isLetter(s.charAt(start - 1))) {
                continue;   // part of an IBAN, a hex string or an id such as INC0012345
            }
            for (int a = g0; a < g1; a++) {
                int hitEnd = match(t, d, g0, a, g1, a == g0 && plus, a == g0 && paren);
                if (hitEnd > a) {
                    int from = (a == g0 && (plus || paren)) ? s.lastIndexOf(plus ? '+' : '(', start) : d.startOf(a);
                    sink.hit("PHONE", from, d.endOf(hitEnd - 1));
                    a = hitEnd - 1;
                }
            }
        }
    }

    /** Returns the end group (exclusive) of a phone number starting at group a, or -1. */
    private int match(NormalizedText t, DigitRuns d, int g0, int a, int g1, boolean plus, boolean paren) {
        if (d.digitCount(a, g1) < 8) {
            return -1;   // shorter than any accepted format
        }
        int startPos = d.startOf(a);
        if (a > g0) {
            // inside a run: only when the previous separator is wide (the number is a separate token)
            String sep = d.separatorAfter(a - 1);
            if (!sep.contains(" ") || sep.contains("-") || sep.contains(".")) {
                return -1;
            }
        }
        boolean intl = plus || (d.groupLen(a) >= 2 && d.digits[d.groupStart[a]] == '0'
                && d.digits[d.groupStart[a] + 1] == '0');
        if (intl) {
            int skip = plus ? 0 : 2;
            for (int b = g1; b > a; b--) {
                int n = d.digitCount(a, b) - skip;
                if (n >= 8 && n <= 15 && d.digits[d.groupStart[a] + skip] != '0' && ok(d, a, b)) {
                    return b;
                }
            }
            return -1;
        }
        boolean leftGlued = startPos > 0 && DigitRuns.wordChar(t.text.charAt(startPos - 1));
        if (leftGlued) {
            return -1;
        }
        // North American: (NXX) NXX-XXXX, NXX-NXX-XXXX, NXX.NXX.XXXX, optional leading 1
        int a2 = a;
        if (d.groupLen(a) == 1 && d.digits[d.groupStart[a]] == '1' && a + 1 < g1) {
            a2 = a + 1;
        }
        if (a2 + 3 <= g1 && d.shape(a2, a2 + 3, 3, 3, 4) && nanp(d, a2) && ok(d, a, a2 + 3)) {
            return a2 + 3;
        }
        // trunk prefix 0: UK, Germany, France and most of Europe
        if (d.digits[d.groupStart[a]] == '0' && d.groupLen(a) >= 2 && d.groupLen(a) <= 5) {
            if (a + 5 <= g1 && d.shape(a, a + 5, 2, 2, 2, 2, 2) && ok(d, a, a + 5)) {
                return a + 5;
            }
            for (int b = Math.min(g1, a + 4); b >= a + 2; b--) {
                int n = d.digitCount(a, b);
                if (n >= 10 && n <= 12 && minGroup(d, a + 1, b) >= 3 && ok(d, a, b)) {
                    return b;
                }
            }
        }
        // bare digits: only with a phone word nearby
        if (NumberDetectors.contextBefore(t.lower, startPos, 40, CONTEXT)) {
            for (int b = g1; b > a; b--) {
                int n = d.digitCount(a, b);
                if (n >= 9 && n <= 13 && ok(d, a, b)) {
                    return b;
                }
            }
        }
        return -1;
    }

    private static boolean nanp(DigitRuns d, int a) {
        int area = d.groupStart[a];
        int exch = d.groupStart[a + 1];
        return d.digits[area] >= '2' && d.digits[exch] >= '2';
    }

    private static int minGroup(DigitRuns d, int a, int b) {
        int m = Integer.MAX_VALUE;
        for (int g = a; g < b; g++) {
            m = Math.min(m, d.groupLen(g));
        }
        return m;
    }

    /** Not glued on the right, no slash separators (dates), not allow-listed. */
    private boolean ok(DigitRuns d, int a, int b) {
        int e = d.endOf(b - 1);
        if (e < d.text.length() && DigitRuns.wordChar(d.text.charAt(e))) {
            return false;
        }
        for (int g = a; g + 1 < b; g++) {
            if (d.separatorAfter(g).contains("/")) {
                return false;
            }
        }
        return allow.isEmpty() || !allow.contains(new String(d.digits, d.groupStart[a], d.digitCount(a, b)));
    }
}
