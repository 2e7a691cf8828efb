package io.sovereign.gateway.classify;

import java.util.Set;

/**
 * Payment card numbers: 12..19 digits (separators folded), a known issuer prefix with a length that issuer
 * uses, and a valid Luhn check digit.
 */
final class PaymentCardDetector implements Detector {
    private final Set<String> allow;

    PaymentCardDetector(DetectorSettings s) {
        this.allow = NumberDetectors.digitsOnly(s.allow());
    }

    @Override
    public void scan(NormalizedText t, Sink sink) {
        DigitRuns d = t.digitRuns();
        if (d.nDigits < 12) {
            return;
        }
        d.forEachRange(12, 19, (run, a, b) -> {
            int from = d.groupStart[a];
            int len = d.digitCount(a, b);
            int before = d.startOf(a) - 1;
            if (before >= 0 && t.text.charAt(before) == '+') {
                return; // +4915112345678 is a phone number
            }
            if (d.glued(a, b)
                    || !issuerLength(d.digits, from, len)
                    || !luhn(d.digits, from, len)
                    || bracketed(d, a, b)) {
                return;
            }
            if (!allow.isEmpty() && allow.contains(new String(d.digits, from, len))) {
                return;
            }
            sink.hit("PAYMENT_CARD", d.startOf(a), d.endOf(b - 1));
        });
    }

    /** Card numbers are grouped with spaces, dashes or dots, never brackets or slashes ("IL 62704 (415) 666-7777"). */
    private static boolean bracketed(DigitRuns d, int a, int b) {
        for (int g = a; g + 1 < b; g++) {
            String sep = d.separatorAfter(g);
            if (sep.indexOf('(') >= 0 || sep.indexOf(')') >= 0 || sep.indexOf('/') >= 0) {
                return true;
            }
        }
        return false;
    }

    static boolean luhn(char[] ds, int from, int len) {
        return Checksums.luhn(ds, from, len);
    }

    /**
     * Issuer identification number ranges and the lengths each network issues (ISO/IEC 7812 tables as published
     * by the networks; where a network's lengths vary by product, its whole published range is accepted).
     */
    static boolean issuerLength(char[] ds, int from, int len) {
        int p1 = ds[from] - '0';
        int p2 = p1 * 10 + (ds[from + 1] - '0');
        int p3 = p2 * 10 + (ds[from + 2] - '0');
        int p4 = p3 * 10 + (ds[from + 3] - '0');
        if (p4 == 1946) { // GPN (Indonesia)
            return len >= 16 && len <= 19;
        }
        if (p1 == 1) { // UATP
            return len == 15;
        }
        if (p1 == 4) { // Visa (13, 16, 19; 14-18 on some products)
            return len >= 13 && len <= 19;
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) { // Mastercard
            return len == 16;
        }
        if (p2 == 34 || p2 == 37) { // American Express
            return len == 15;
        }
        if (p4 >= 2200 && p4 <= 2205) { // Mir, BORICA
            return len >= 16 && len <= 19;
        }
        if ((p3 >= 300 && p3 <= 305) || p3 == 309 || p2 == 36 || p2 == 38 || p2 == 39 || p4 == 3095) { // Diners
            return len >= 14 && len <= 19;
        }
        if (p4 >= 3528 && p4 <= 3589) { // JCB, LankaPay
            return len >= 16 && len <= 19;
        }
        if (p2 == 50 || (p2 >= 56 && p2 <= 69)) { // Maestro, Discover, UnionPay, RuPay, Verve, Troy
            return len >= 12 && len <= 19;
        }
        if (p2 == 81 || p2 == 82) { // UnionPay 81, RuPay 82
            return len >= 16 && len <= 19;
        }
        if (p4 == 8600 || p4 == 9860 || p4 == 9792) { // UzCard, Humo, Troy
            return len == 16;
        }
        return false; // no other issuer
    }
}
