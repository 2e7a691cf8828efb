package io.sovereign.gateway.classify;

/** Shannon entropy of a span, in bits per char (ASCII only; other chars share one bucket). */
final class Entropy {
    private Entropy() {}

    static double bitsPerChar(String s, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return 0;
        }
        int[] counts = new int[128];
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            counts[c < 128 ? c : 0]++;
        }
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                h -= p * (Math.log(p) / Math.log(2));
            }
        }
        return h;
    }

    /** Number of switches between letters and digits, a cheap randomness signal for ids vs. words. */
    static int letterDigitSwitches(String s, int from, int to) {
        int switches = 0;
        int prev = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int cls = Character.isDigit(c) ? 1 : Character.isLetter(c) ? 2 : 0;
            if (cls != 0) {
                if (prev != 0 && cls != prev) {
                    switches++;
                }
                prev = cls;
            }
        }
        return switches;
    }

    static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
