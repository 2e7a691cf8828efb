package io.sovereign.gateway.classify;

import java.util.Arrays;

/**
 * The digit runs of a text, with separators inside numbers folded: "4111 1111-1111.1111" is one run of four
 * groups. A separator is 1..3 chars of space, tab, '-', '.', '/', '(' or ')' between two digits. Number
 * detectors (cards, national ids, phones) test ranges of whole groups, so grouping evasions such as
 * "4 1 1 1 ..." and look-alikes split differently are both seen. Flat arrays: no per-digit allocation.
 */
final class DigitRuns {
    static final int MAX_SEP = 3;

    final String text;
    char[] digits;
    /** Text index of group g's first digit (a group's digits are contiguous in the text). */
    int[] groupPos;

    int nDigits;
    /** group g covers digits [groupStart[g], groupStart[g+1]); groupStart[nGroups] == nDigits. */
    int[] groupStart;

    int nGroups;
    /** run r covers groups [runGroup[r], runGroup[r+1]); runGroup[nRuns] == nGroups. */
    int[] runGroup;

    int nRuns;

    private static final char[] NO_DIGITS = new char[0];
    private static final int[] NO_INTS = new int[0];
    private static final int[] ONE_ZERO = new int[1];

    private DigitRuns(String text) {
        this.text = text;
    }

    /**
     * Counts the digits and groups (maximal digit sequences) first and sizes the arrays exactly: most segments
     * of a conversation have no digit at all (then nothing is allocated), and on a 4 MB text growing by doubling
     * allocated (and touched) twice the memory, which on this kind of VM costs more than the scan itself.
     * Positions are kept per group, not per digit, for the same reason.
     */
    static DigitRuns of(String text) {
        DigitRuns r = new DigitRuns(text);
        int count = 0;
        int groups = 0;
        boolean prevDigit = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (digit) {
                count++;
                if (!prevDigit) {
                    groups++;
                }
            }
            prevDigit = digit;
        }
        if (count == 0) {
            r.digits = NO_DIGITS;
            r.groupPos = NO_INTS;
            r.groupStart = ONE_ZERO; // groupStart[nGroups] == nDigits == 0; never written
            r.runGroup = ONE_ZERO;
            return r;
        }
        r.digits = new char[count];
        r.groupStart = new int[groups + 1];
        r.groupPos = new int[groups];
        r.runGroup = new int[Math.min(groups, 8) + 1];
        r.scan();
        return r;
    }

    private void scan() {
        String s = text;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                i++;
                continue;
            }
            addRun();
            while (true) {
                addGroup(i);
                while (i < n && isDigit(s.charAt(i))) {
                    addDigit(s.charAt(i));
                    i++;
                }
                int j = i;
                while (j < n && j - i < MAX_SEP && isSep(s.charAt(j))) {
                    j++;
                }
                if (j > i && j < n && isDigit(s.charAt(j))) {
                    i = j;
                    continue;
                }
                break;
            }
        }
        groupStart[nGroups] = nDigits; // sized groups + 1 by of()
        runGroup = ensure(runGroup, nRuns + 1);
        runGroup[nRuns] = nGroups;
    }

    private void addRun() {
        runGroup = ensure(runGroup, nRuns + 1);
        runGroup[nRuns++] = nGroups;
    }

    private void addGroup(int at) {
        groupPos[nGroups] = at; // both sized by the count in of()
        groupStart[nGroups++] = nDigits;
    }

    private void addDigit(char c) {
        digits[nDigits++] = c; // sized by the count in of()
    }

    private static int[] ensure(int[] a, int size) {
        return size <= a.length ? a : Arrays.copyOf(a, Math.max(size, a.length * 2));
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isSep(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '/' || c == '\t' || c == '(' || c == ')';
    }

    int groupLen(int g) {
        return groupStart[g + 1] - groupStart[g];
    }

    /** Digits of groups [gFrom, gTo). */
    int digitCount(int gFrom, int gTo) {
        return groupStart[gTo] - groupStart[gFrom];
    }

    /** Start (inclusive) in text of group g's first digit. */
    int startOf(int g) {
        return groupPos[g];
    }

    /** End (exclusive) in text of the last digit of group g. */
    int endOf(int g) {
        return groupPos[g] + groupStart[g + 1] - groupStart[g];
    }

    /** True when the digits of groups [gFrom, gTo) are glued to a letter or digit on either side (hex, ids). */
    boolean glued(int gFrom, int gTo) {
        int a = startOf(gFrom) - 1;
        int b = endOf(gTo - 1);
        return (a >= 0 && Character.isLetterOrDigit(text.charAt(a)))
                || (b < text.length() && Character.isLetterOrDigit(text.charAt(b)));
    }

    static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    int digitValue(int digitIndex) {
        return digits[digitIndex] - '0';
    }

    /** Visits every range of whole groups inside one run whose digit count is within [min, max]. */
    void forEachRange(int min, int max, RangeVisitor v) {
        for (int r = 0; r < nRuns; r++) {
            int g0 = runGroup[r];
            int g1 = runGroup[r + 1];
            for (int a = g0; a < g1; a++) {
                for (int b = a + 1; b <= g1; b++) {
                    int count = digitCount(a, b);
                    if (count > max) {
                        break;
                    }
                    if (count >= min) {
                        v.visit(r, a, b);
                    }
                }
            }
        }
    }

    @FunctionalInterface
    interface RangeVisitor {
        void visit(int run, int gFrom, int gTo);
    }

    /** Groups [gFrom, gTo) have exactly these lengths. */
    boolean shape(int gFrom, int gTo, int... lens) {
        if (gTo - gFrom != lens.length) {
            return false;
        }
        for (int k = 0; k < lens.length; k++) {
            if (groupLen(gFrom + k) != lens[k]) {
                return false;
            }
        }
        return true;
    }

    /** Every group in [gFrom, gTo) is one digit long (the "4 1 1 1" evasion). */
    boolean singleDigits(int gFrom, int gTo) {
        for (int g = gFrom; g < gTo; g++) {
            if (groupLen(g) != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Text between groups g and g+1 (the separator), for format checks. Inside a run that is 1..3 separator
     * chars, returned from a table of all such strings: the number detectors ask for separators once per
     * candidate range, and a substring each time was most of the phone detector's cost on long digit runs.
     */
    String separatorAfter(int g) {
        int a = endOf(g);
        int e = startOf(g + 1);
        int key = 0;
        for (int i = a; i < e; i++) {
            int k = sepIndex(text.charAt(i));
            if (k < 0 || e - a > MAX_SEP) {
                return text.substring(a, e); // between runs: whatever is there
            }
            key = key * SEPARATORS.length() + k;
        }
        return e - a == 0 ? "" : SEPARATOR_STRINGS[e - a - 1][key];
    }

    private static int sepIndex(char c) {
        return switch (c) {
            case ' ' -> 0;
            case '-' -> 1;
            case '.' -> 2;
            case '/' -> 3;
            case '\t' -> 4;
            case '(' -> 5;
            case ')' -> 6;
            default -> -1;
        };
    }

    /** The chars isSep accepts, in the order sepIndex numbers them (the table's digits). */
    private static final String SEPARATORS = " -./\t()";

    /** SEPARATOR_STRINGS[len - 1][key]: every string of len separator chars, key its base-7 number. */
    private static final String[][] SEPARATOR_STRINGS = separatorStrings();

    private static String[][] separatorStrings() {
        int base = SEPARATORS.length();
        String[][] out = new String[MAX_SEP][];
        for (int len = 1; len <= MAX_SEP; len++) {
            int count = (int) Math.pow(base, len);
            out[len - 1] = new String[count];
            for (int key = 0; key < count; key++) {
                char[] c = new char[len];
                for (int i = len - 1, k = key; i >= 0; i--, k /= base) {
                    c[i] = SEPARATORS.charAt(k % base);
                }
                out[len - 1][key] = new String(c);
            }
        }
        return out;
    }
}
