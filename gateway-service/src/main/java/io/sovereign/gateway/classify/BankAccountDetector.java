package io.sovereign.gateway.classify;

import java.util.Set;

/**
 * US bank details: ABA routing transit numbers (Federal Reserve prefix and 3-7-1 check digit; written 4-4-1,
 * or next to a word like "routing") and account numbers (8-17 digits, only next to a word like "account
 * number": they have no structure of their own). IBANs are the {@code iban} detector's.
 */
final class BankAccountDetector implements Detector {
    private static final String[] ROUTING_WORDS = {"routing", "aba", "rtn", "transit", "ach", "wire", "bank"};
    private static final String[] ACCOUNT_WORDS = {
        "account number",
        "account no",
        "account #",
        "account:",
        "acct",
        "a/c",
        "bank account",
        "checking",
        "savings",
        "account num",
        "kontonummer",
        "numéro de compte"
    };
    private final Set<String> allow;

    BankAccountDetector(DetectorSettings s) {
        this.allow = NumberDetectors.digitsOnly(s.allow());
    }

    @Override
    public void scan(NormalizedText t, Sink sink) {
        DigitRuns d = t.digitRuns();
        if (d.nDigits < 8) {
            return;
        }
        int words = 0;
        for (int r = 0; r < d.nRuns; r++) {
            int a = d.runGroup[r];
            int b = d.runGroup[r + 1];
            int n = d.digitCount(a, b);
            if (n < 8 || n > 17 || d.glued(a, b) || allowed(d, a, b)) {
                continue;
            }
            int from = d.startOf(a);
            int to = d.endOf(b - 1);
            if (from > 0 && t.text.charAt(from - 1) == '+' || NumberDetectors.afterIbanGroup(t.text, from)) {
                continue; // a phone number, or the digits of an IBAN ("GB82 WEST 1234 ...")
            }
            if (n != 9) {
                if (words == 0) {
                    words = accountWords(t) ? 2 : 1; // looked up once per text, on first need
                }
                if (words == 1) {
                    continue;
                }
            }
            if (n == 9
                    && NumericIds.aba(d.digits, d.groupStart[a])
                    && (d.shape(a, b, 4, 4, 1)
                            || NumberDetectors.contextNear(t.lower, from, to, 40, 24, ROUTING_WORDS))) {
                sink.hit("ABA_ROUTING_NUMBER", from, to);
            } else if (NumberDetectors.contextBefore(t.lower, from, 32, ACCOUNT_WORDS) && !dateLike(d, a, b)) {
                sink.hit("US_BANK_ACCOUNT", from, to);
            }
        }
    }

    /** Any account word anywhere in the text. */
    private static boolean accountWords(NormalizedText t) {
        for (String w : ACCOUNT_WORDS) {
            if (t.bigrams().mayContain(w) && t.lower.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private boolean allowed(DigitRuns d, int a, int b) {
        return !allow.isEmpty() && allow.contains(new String(d.digits, d.groupStart[a], d.digitCount(a, b)));
    }

    private static boolean dateLike(DigitRuns d, int a, int b) {
        for (int g = a; g + 1 < b; g++) {
            if (d.separatorAfter(g).indexOf('/') >= 0) {
                return true;
            }
        }
        return false;
    }
}
