package io.sovereign.gateway.classify;

/**
 * Which character pairs occur in a (lower-case) text, in one pass: a necessary condition for a keyword to
 * occur, checked before the keyword's own {@code indexOf}. Token-rule keywords ("sk-", "ghp_", "xoxb-") almost
 * always contain a pair that prose lacks, so most texts skip most rules without a scan per keyword.
 */
final class Bigrams {
    private final long[] bits = new long[64]; // 64 x 64 classes

    Bigrams(String lower) {
        int n = lower.length();
        if (n < 2) {
            return;
        }
        byte[] table = CLASSES;
        char first = lower.charAt(0);
        int prev = first < 128 ? table[first] : 63;
        for (int i = 1; i < n; i++) {
            char ch = lower.charAt(i);
            int c = ch < 128 ? table[ch] : 63; // a table, not the switch: this loop runs over every char of every text
            bits[prev] |= 1L << c;
            prev = c;
        }
    }

    private static final byte[] CLASSES = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            CLASSES[c] = (byte) cls(c);
        }
    }

    /** Letters, digits and the symbols tokens use each get a class; everything else shares class 63. */
    private static int cls(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= '0' && c <= '9') {
            return 26 + (c - '0');
        }
        return switch (c) {
            case '_' -> 36;
            case '-' -> 37;
            case '.' -> 38;
            case '~' -> 39;
            case '/' -> 40;
            case ':' -> 41;
            case '+' -> 42;
            case '=' -> 43;
            case ' ' -> 44;
            default -> c >= 'A' && c <= 'Z' ? c - 'A' : 63;
        };
    }

    /** The keyword's pairs, each as (first class << 6 | second class), for {@link #mayContain(int[])}. */
    static int[] pairsOf(String keyword) {
        int[] out = new int[Math.max(0, keyword.length() - 1)];
        for (int i = 1; i < keyword.length(); i++) {
            out[i - 1] = cls(Character.toLowerCase(keyword.charAt(i - 1))) << 6
                    | cls(Character.toLowerCase(keyword.charAt(i)));
        }
        return out;
    }

    /** {@link #mayContain(String)} for a keyword's precomputed pairs (rules test dozens of keywords per text). */
    boolean mayContain(int[] pairs) {
        for (int p : pairs) {
            if ((bits[p >>> 6] & (1L << (p & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** False when some pair of the (lower-cased) keyword never occurs in the text: it cannot occur either. */
    boolean mayContain(String keyword) {
        for (int i = 1; i < keyword.length(); i++) {
            char a = Character.toLowerCase(keyword.charAt(i - 1));
            char b = Character.toLowerCase(keyword.charAt(i));
            if ((bits[cls(a)] & (1L << cls(b))) == 0) {
                return false;
            }
        }
        return true;
    }
}
