package io.sovereign.gateway.classify;

/**
 * The check-digit algorithms the identifier detectors validate with. Each takes digits as chars
 * ({@code '0'..'9'}) in {@code ds[from, from+len)} so callers test slices of a digit run without copying.
 */
final class Checksums {
    private Checksums() {}

    static int digit(char[] ds, int i) {
        return ds[i] - '0';
    }

    /** Luhn (ISO/IEC 7812): cards, Canadian SIN, IMEI. */
    static boolean luhn(char[] ds, int from, int len) {
        int sum = 0;
        boolean dbl = false;
        for (int i = from + len - 1; i >= from; i--) {
            int v = ds[i] - '0';
            if (dbl) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    /** Weighted sum of the digits with the given weights (weights.length digits from {@code from}). */
    static int weighted(char[] ds, int from, int... weights) {
        int sum = 0;
        for (int k = 0; k < weights.length; k++) {
            sum += weights[k] * (ds[from + k] - '0');
        }
        return sum;
    }

    private static final int[][] VERHOEFF_D = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
        {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
        {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
        {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}
    };
    private static final int[][] VERHOEFF_P = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
        {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
        {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}
    };

    /** Verhoeff (dihedral group D5): Indian Aadhaar. */
    static boolean verhoeff(char[] ds, int from, int len) {
        int c = 0;
        for (int i = 0; i < len; i++) {
            c = VERHOEFF_D[c][VERHOEFF_P[i % 8][ds[from + len - 1 - i] - '0']];
        }
        return c == 0;
    }

    /** EAN-13 / GTIN check digit: Swiss AHV (756...). */
    static boolean ean13(char[] ds, int from) {
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (ds[from + i] - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return (10 - sum % 10) % 10 == ds[from + 12] - '0';
    }

    /** The value of digits [from, from+len) as a long (len <= 18). */
    static long value(char[] ds, int from, int len) {
        long n = 0;
        for (int i = 0; i < len; i++) {
            n = n * 10 + (ds[from + i] - '0');
        }
        return n;
    }

    static int value2(char[] ds, int from) {
        return (ds[from] - '0') * 10 + (ds[from + 1] - '0');
    }

    /** ISO 7064 MOD 11,10 (German Steuer-IdNr check digit) over the first len-1 digits. */
    static boolean iso7064Mod11Mod10(char[] ds, int from, int len) {
        int product = 10;
        for (int i = 0; i < len - 1; i++) {
            int sum = (ds[from + i] - '0' + product) % 10;
            if (sum == 0) {
                sum = 10;
            }
            product = (sum * 2) % 11;
        }
        int check = 11 - product;
        if (check == 10) {
            check = 0;
        }
        return check == ds[from + len - 1] - '0';
    }
}
