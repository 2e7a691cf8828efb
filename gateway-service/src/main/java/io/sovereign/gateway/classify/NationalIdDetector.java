package io.sovereign.gateway.classify;

import java.util.Set;

/**
 * National identifiers: US SSN (invalid areas 000/666/9xx, group 00, serial 0000 and advertised numbers
 * rejected), UK National Insurance number (prefix rules, suffix A-D), German tax id (Steuer-IdNr: digit
 * distribution and ISO 7064 MOD 11,10 check digit), French NIR (INSEE number, key = 97 - n mod 97).
 */
final class NationalIdDetector implements Detector {
    private static final String[] SSN_WORDS = {"ssn", "social security", "social-security", "ss#", "ss no", "taxpayer"};
    private static final Set<String> UK_NI_BAD_PREFIX = Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");
    private final Set<String> allow;

    NationalIdDetector(DetectorSettings s) {
        this.allow = NumberDetectors.digitsOnly(s.allow());
    }

    @Override
    public void scan(NormalizedText t, Sink sink) {
        DigitRuns d = t.digitRuns();
        if (d.nDigits < 6) {
            return;
        }
        d.forEachRange(9, 9, (run, a, b) -> ssn(t, d, a, b, sink));
        d.forEachRange(11, 11, (run, a, b) -> steuerId(d, a, b, sink));
        d.forEachRange(15, 15, (run, a, b) -> nir(d, a, b, sink));
        d.forEachRange(6, 6, (run, a, b) -> ukNi(t, d, a, b, sink));
    }

    private boolean allowed(DigitRuns d, int a, int b) {
        return !allow.isEmpty() && allow.contains(new String(d.digits, d.groupStart[a], d.digitCount(a, b)));
    }

    private void ssn(NormalizedText t, DigitRuns d, int a, int b, Sink sink) {
        if (d.glued(a, b)) {
            return;
        }
        boolean formatted = d.shape(a, b, 3, 2, 4) && sameSeparator(d, a);
        if (!formatted) {
            boolean context = NumberDetectors.contextBefore(t.lower, d.startOf(a), 48, SSN_WORDS);
            if (!context || !(d.shape(a, b, 9) || d.singleDigits(a, b) || d.shape(a, b, 3, 2, 4))) {
                return;
            }
        }
        int f = d.groupStart[a];
        if (!validSsn(d.digits, f) || allowed(d, a, b)) {
            return;
        }
        sink.hit("US_SSN", d.startOf(a), d.endOf(b - 1));
    }

    private static boolean sameSeparator(DigitRuns d, int a) {
        String s1 = d.separatorAfter(a);
        String s2 = d.separatorAfter(a + 1);
        return s1.equals(s2) && !s1.contains("/") && !s1.contains("(");
    }

    static boolean validSsn(char[] ds, int f) {
        int area = (ds[f] - '0') * 100 + (ds[f + 1] - '0') * 10 + (ds[f + 2] - '0');
        int group = (ds[f + 3] - '0') * 10 + (ds[f + 4] - '0');
        int serial = 0;
        for (int i = 5; i < 9; i++) {
            serial = serial * 10 + (ds[f + i] - '0');
        }
        if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
            return false;
        }
        // numbers published in advertising and never valid for a person
        return !(area == 78 && group == 5 && serial == 1120) && !(area == 219 && group == 9 && serial == 9999);
    }

    private void steuerId(DigitRuns d, int a, int b, Sink sink) {
        if (d.glued(a, b) || !(d.shape(a, b, 11) || d.shape(a, b, 2, 3, 3, 3) || d.singleDigits(a, b))) {
            return;
        }
        if (validSteuerId(d.digits, d.groupStart[a]) && !allowed(d, a, b)) {
            sink.hit("DE_TAX_ID", d.startOf(a), d.endOf(b - 1));
        }
    }

    /** German Steuer-IdNr: first digit not 0; in the first ten one digit occurs twice or three times. */
    static boolean validSteuerId(char[] ds, int f) {
        if (ds[f] == '0') {
            return false;
        }
        int[] counts = new int[10];
        for (int i = 0; i < 10; i++) {
            counts[ds[f + i] - '0']++;
        }
        int multi = 0;
        int missing = 0;
        for (int c : counts) {
            if (c > 3) {
                return false;
            }
            if (c >= 2) {
                multi++;
            }
            if (c == 0) {
                missing++;
            }
        }
        if (multi != 1 || missing < 1 || missing > 2) {
            return false;
        }
        for (int i = 0; i + 2 < 10; i++) {           // a digit three times must not be three in a row
            if (ds[f + i] == ds[f + i + 1] && ds[f + i] == ds[f + i + 2]) {
                return false;
            }
        }
        int product = 10;
        for (int i = 0; i < 10; i++) {
            int sum = (ds[f + i] - '0' + product) % 10;
            if (sum == 0) {
                sum = 10;
            }
            product = (sum * 2) % 11;
        }
        int check = 11 - product;
        if (check == 10) {
            check = 0;
        }
        return check == ds[f + 10] - '0';
    }

    private void nir(DigitRuns d, int a, int b, Sink sink) {
        if (d.glued(a, b)) {
            return;
        }
        if (validNir(d.digits, d.groupStart[a]) && !allowed(d, a, b)) {
            sink.hit("FR_NIR", d.startOf(a), d.endOf(b - 1));
        }
    }

    /** French NIR (13 digits + 2-digit key). (Corsican 2A/2B department codes are not recognised.) */
    static boolean validNir(char[] ds, int f) {
        int sex = ds[f] - '0';
        if (sex != 1 && sex != 2 && sex != 3 && sex != 4 && sex != 7 && sex != 8) {
            return false;
        }
        int month = (ds[f + 3] - '0') * 10 + (ds[f + 4] - '0');
        if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || (month >= 50 && month <= 99))) {
            return false;
        }
        long n = 0;
        for (int i = 0; i < 13; i++) {
            n = n * 10 + (ds[f + i] - '0');
        }
        int key = (ds[f + 13] - '0') * 10 + (ds[f + 14] - '0');
        return key == 97 - (int) (n % 97);
    }

    private void ukNi(NormalizedText t, DigitRuns d, int a, int b, Sink sink) {
        if (!(d.shape(a, b, 6) || d.shape(a, b, 2, 2, 2))) {
            return;
        }
        String s = t.text;
        int start = d.startOf(a);
        int p = start - 1;
        if (p >= 0 && s.charAt(p) == ' ') {
            p--;
        }
        if (p < 1) {
            return;
        }
        char l1 = Character.toUpperCase(s.charAt(p - 1));
        char l2 = Character.toUpperCase(s.charAt(p));
        if (p >= 2 && DigitRuns.wordChar(s.charAt(p - 2))) {
            return;
        }
        if (!validNiPrefix(l1, l2)) {
            return;
        }
        int e = d.endOf(b - 1);
        if (e < s.length() && s.charAt(e) == ' ') {
            e++;
        }
        if (e >= s.length()) {
            return;
        }
        char suffix = Character.toUpperCase(s.charAt(e));
        if (suffix < 'A' || suffix > 'D' || (e + 1 < s.length() && DigitRuns.wordChar(s.charAt(e + 1)))) {
            return;
        }
        String value = "" + l1 + l2 + new String(d.digits, d.groupStart[a], 6) + suffix;
        if (!allow.contains(value)) {
            sink.hit("UK_NI", p - 1, e + 1);
        }
    }

    static boolean validNiPrefix(char l1, char l2) {
        if (l1 < 'A' || l1 > 'Z' || l2 < 'A' || l2 > 'Z') {
            return false;
        }
        if ("DFIQUV".indexOf(l1) >= 0 || "DFIOQUV".indexOf(l2) >= 0) {
            return false;
        }
        return !UK_NI_BAD_PREFIX.contains("" + l1 + l2);
    }
}
