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
    char[] digits = new char[32];
    int[] pos = new int[32];
    int nDigits;
    /** group g covers digits [groupStart[g], groupStart[g+1]); groupStart[nGroups] == nDigits. */
    int[] groupStart = new int[16];

    int nGroups;
    /** run r covers groups [runGroup[r], runGroup[r+1]); runGroup[nRuns] == nGroups. */
    int[] runGroup = new int[8];

    int nRuns;

    private DigitRuns(String text) {
        this.text = text;
    }

    static DigitRuns of(String text) {
        DigitRuns r = new DigitRuns(text);
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
                addGroup();
                while (i < n && isDigit(s.charAt(i))) {
                    addDigit(s.charAt(i), i);
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
        groupStart = ensure(groupStart, nGroups + 1);
        groupStart[nGroups] = nDigits;
        runGroup = ensure(runGroup, nRuns + 1);
        runGroup[nRuns] = nGroups;
    }

    private void addRun() {
        runGroup = ensure(runGroup, nRuns + 1);
        runGroup[nRuns++] = nGroups;
    }

    private void addGroup() {
        groupStart = ensure(groupStart, nGroups + 2);
        groupStart[nGroups++] = nDigits;
    }

    private void addDigit(char c, int at) {
        if (nDigits == digits.length) {
            digits = Arrays.copyOf(digits, nDigits * 2);
            pos = Arrays.copyOf(pos, nDigits * 2);
        }
        digits[nDigits] = c;
        pos[nDigits++] = at;
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
        return pos[groupStart[g]];
    }

    /** End (exclusive) in text of the last digit of group g. */
    int endOf(int g) {
        return pos[groupStart[g + 1] - 1] + 1;
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

    /** Text between groups g and g+1 (the separator), for format checks. */
    String separatorAfter(int g) {
        return text.substring(endOf(g), startOf(g + 1));
    }
}
