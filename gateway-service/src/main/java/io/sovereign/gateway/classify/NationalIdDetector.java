package io.sovereign.gateway.classify;

import java.util.Set;

/**
 * National and tax identifiers validated by their structure and check digits: US SSN and ITIN (SSA/IRS
 * rules), US passport and driver licence (with context), UK NINO and NHS number, German Steuer-IdNr, French
 * NIR (Corsica 2A/2B included), Canada SIN, Australia TFN, India Aadhaar and PAN, Spain DNI/NIE, Italy codice
 * fiscale, Poland PESEL, Netherlands BSN, Belgian national number, Swiss AHV.
 *
 * <p>A number in its official grouping (078-05-1120, 130 692 544, 756.9217.0769.85) or a long self-checking one
 * fires by itself; weaker shapes (a bare 9-digit string passes some 9-digit check one time in ten) fire only
 * with a context word before or after, as Presidio does. Every check runs on ranges of at most 15 digits, so
 * the detector is linear in its input.
 */
final class NationalIdDetector implements Detector {
    static final String[] SSN_WORDS = {
        "ssn", "social security", "social-security", "ss#", "ss no", "soc sec", "ssn#", "ssns"
    };
    private static final String[] ITIN_WORDS = {"itin", "taxpayer", "tax id", "tin"};
    private static final String[] SIN_WORDS = {"sin", "social insurance", "nas", "assurance sociale"};
    private static final String[] TFN_WORDS = {"tfn", "tax file"};
    private static final String[] NHS_WORDS = {"nhs", "health service", "patient"};
    private static final String[] BSN_WORDS = {"bsn", "burgerservicenummer", "sofinummer", "sofi"};
    private static final String[] AADHAAR_WORDS = {"aadhaar", "aadhar", "uidai", "uid", "आधार"};
    private static final String[] PESEL_WORDS = {"pesel"};
    private static final String[] BE_WORDS = {
        "national number", "rijksregister", "registre national", "numéro national", "numero national", "insz", "niss"
    };
    static final String[] PASSPORT_WORDS = {"passport"};
    static final String[] LICENCE_WORDS = {"driver", "driving", "licence", "license", "dl", "dln", "dl#"};

    private final Set<String> allow;
    private final IdTokens tokens;

    NationalIdDetector(DetectorSettings s) {
        this.allow = NumberDetectors.digitsOnly(s.allow());
        this.tokens = new IdTokens(allow);
    }

    /**
     * Which context word lists occur anywhere in the text, looked up on first need (one indexOf pass per list
     * and text, not one per candidate; texts without candidate numbers pay nothing).
     */
    private static final class Present {
        private final NormalizedText t;
        private final byte[] state = new byte[10]; // 0 unknown, 1 absent, 2 present

        Present(NormalizedText t) {
            this.t = t;
        }

        private boolean has(int k, String[] words) {
            if (state[k] == 0) {
                boolean any = false;
                for (String w : words) {
                    if (t.bigrams().mayContain(w) && t.lower.contains(w)) {
                        any = true;
                        break;
                    }
                }
                state[k] = (byte) (any ? 2 : 1);
            }
            return state[k] == 2;
        }

        boolean ssn() {
            return has(0, SSN_WORDS);
        }

        boolean itin() {
            return has(1, ITIN_WORDS);
        }

        boolean sin() {
            return has(2, SIN_WORDS);
        }

        boolean tfn() {
            return has(3, TFN_WORDS);
        }

        boolean nhs() {
            return has(4, NHS_WORDS);
        }

        boolean bsn() {
            return has(5, BSN_WORDS);
        }

        boolean aadhaar() {
            return has(6, AADHAAR_WORDS);
        }

        boolean pesel() {
            return has(7, PESEL_WORDS);
        }

        boolean be() {
            return has(8, BE_WORDS);
        }

        boolean passport() {
            return has(9, PASSPORT_WORDS);
        }
    }

    @Override
    public void scan(NormalizedText t, Sink sink) {
        tokens.scan(t, sink);
        DigitRuns d = t.digitRuns();
        if (d.nDigits < 9) {
            return;
        }
        Present p = new Present(t);
        d.forEachRange(9, 15, (run, a, b) -> { // one pass over the digit ranges, dispatched by length
            switch (d.digitCount(a, b)) {
                case 9 -> nine(t, d, run, a, b, p, sink);
                case 10 -> ten(t, d, run, a, b, p, sink);
                case 11 -> eleven(t, d, run, a, b, p, sink);
                case 12 -> twelve(t, d, run, a, b, p, sink);
                case 13 -> thirteen(t, d, run, a, b, sink);
                case 15 -> fifteen(d, run, a, b, sink);
                default -> {}
            }
        });
    }

    private boolean usable(DigitRuns d, int a, int b) {
        if (d.glued(a, b)) {
            return false;
        }
        int before = d.startOf(a) - 1;
        if (before >= 0 && d.text.charAt(before) == '+') {
            return false; // +49 ... is a phone number
        }
        return allow.isEmpty() || !allow.contains(new String(d.digits, d.groupStart[a], d.digitCount(a, b)));
    }

    private static boolean context(NormalizedText t, DigitRuns d, int a, int b, String... words) {
        return NumberDetectors.contextNear(t.lower, d.startOf(a), d.endOf(b - 1), 48, 32, words);
    }

    /**
     * The range is the whole run, or set apart from the rest of it by a space or bracket that is not the
     * number's own separator: "ZIP 62704 (217 555 0123)" yes, four groups out of an IBAN's "2100 0418 4502 0005" no.
     */
    private static boolean isolated(DigitRuns d, int run, int a, int b) {
        String inner = b - a > 1 ? d.separatorAfter(a) : null;
        boolean left = a == d.runGroup[run] || apart(d.separatorAfter(a - 1), inner);
        boolean right = b == d.runGroup[run + 1] || apart(d.separatorAfter(b - 1), inner);
        return left && right;
    }

    private static boolean apart(String boundary, String inner) {
        return wide(boundary)
                && (inner == null || !boundary.equals(inner))
                && boundary.length() >= 1
                && (inner != null || boundary.length() > 1 || boundary.indexOf('(') >= 0 || boundary.indexOf(')') >= 0);
    }

    /** All separators inside [a, b) are the same ("693-09.4444" mixes two: not one number). */
    private static boolean oneSeparator(DigitRuns d, int a, int b) {
        for (int g = a + 1; g + 1 < b; g++) {
            if (!d.separatorAfter(g).equals(d.separatorAfter(a))) {
                return false;
            }
        }
        return true;
    }

    private static boolean wide(String sep) {
        return sep.indexOf(' ') >= 0 || sep.indexOf('(') >= 0 || sep.indexOf(')') >= 0;
    }

    /** Groups [a, b) have these lengths and one separator char repeated (not '/': dates). */
    private static boolean formatted(DigitRuns d, int a, int b, int... lens) {
        if (!d.shape(a, b, lens)) {
            return false;
        }
        String first = d.separatorAfter(a);
        if (first.length() != 1 || first.equals("/") || first.equals("(") || first.equals(")")) {
            return false;
        }
        for (int g = a + 1; g + 1 < b; g++) {
            if (!d.separatorAfter(g).equals(first)) {
                return false;
            }
        }
        return true;
    }

    private void hit(DigitRuns d, int a, int b, String kind, Sink sink) {
        sink.hit(kind, d.startOf(a), d.endOf(b - 1));
    }

    private void nine(NormalizedText t, DigitRuns d, int run, int a, int b, Present p, Sink sink) {
        if (!usable(d, a, b)) {
            return;
        }
        char[] ds = d.digits;
        int f = d.groupStart[a];
        boolean f324 = formatted(d, a, b, 3, 2, 4);
        boolean iso = isolated(d, run, a, b) && oneSeparator(d, a, b);
        // SSN/ITIN separators fall after the area and/or the group: 3-2-4, 3-6, 5-4, none, or between every digit
        // (an evasion); "1112-23333" is none of these
        boolean ssnGroups = d.shape(a, b, 9)
                || d.shape(a, b, 3, 6)
                || d.shape(a, b, 5, 4)
                || d.shape(a, b, 3, 2, 4)
                || d.shape(a, b, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        boolean isoSsn = iso && ssnGroups;
        if (NumericIds.ssn(ds, f) && (f324 || isoSsn && p.ssn() && context(t, d, a, b, SSN_WORDS))) {
            hit(d, a, b, "US_SSN", sink);
        } else if (NumericIds.itin(ds, f) && (f324 || isoSsn && p.itin() && context(t, d, a, b, ITIN_WORDS))) {
            hit(d, a, b, "US_ITIN", sink);
        }
        if (!iso) {
            return;
        }
        boolean f333 = formatted(d, a, b, 3, 3, 3);
        if (NumericIds.sin(ds, f) && (f333 || p.sin() && context(t, d, a, b, SIN_WORDS))) {
            hit(d, a, b, "CA_SIN", sink);
        }
        if (NumericIds.tfn(ds, f) && p.tfn() && context(t, d, a, b, TFN_WORDS)) {
            hit(d, a, b, "AU_TFN", sink);
        }
        if (NumericIds.bsn(ds, f) && (formatted(d, a, b, 4, 2, 3) || p.bsn() && context(t, d, a, b, BSN_WORDS))) {
            hit(d, a, b, "NL_BSN", sink);
        }
        if (p.passport() && context(t, d, a, b, PASSPORT_WORDS)) {
            hit(d, a, b, "US_PASSPORT", sink);
        }
    }

    private void ten(NormalizedText t, DigitRuns d, int run, int a, int b, Present p, Sink sink) {
        if (!usable(d, a, b) || !isolated(d, run, a, b) || !NumericIds.nhs(d.digits, d.groupStart[a])) {
            return;
        }
        int f = d.groupStart[a];
        // 3-3-4 is also the North American phone layout: there the NHS number needs its context word
        boolean nanp = d.digits[f] >= '2' && d.digits[f + 3] >= '2';
        if ((formatted(d, a, b, 3, 3, 4) && !nanp) || p.nhs() && context(t, d, a, b, NHS_WORDS)) {
            hit(d, a, b, "UK_NHS", sink);
        }
    }

    private void eleven(NormalizedText t, DigitRuns d, int run, int a, int b, Present p, Sink sink) {
        if (!usable(d, a, b)) {
            return;
        }
        char[] ds = d.digits;
        int f = d.groupStart[a];
        if (NumericIds.steuerId(ds, f)) {
            hit(d, a, b, "DE_TAX_ID", sink);
        }
        boolean iso = isolated(d, run, a, b);
        if (iso && NumericIds.pesel(ds, f) && (d.shape(a, b, 11) || p.pesel() && context(t, d, a, b, PESEL_WORDS))) {
            hit(d, a, b, "PL_PESEL", sink);
        }
        if (iso
                && NumericIds.belgian(ds, f)
                && (d.shape(a, b, 2, 2, 2, 3, 2)
                        || d.shape(a, b, 6, 3, 2)
                        || p.be() && context(t, d, a, b, BE_WORDS))) {
            hit(d, a, b, "BE_NATIONAL_NUMBER", sink);
        }
    }

    private void twelve(NormalizedText t, DigitRuns d, int run, int a, int b, Present p, Sink sink) {
        if (!usable(d, a, b) || !isolated(d, run, a, b) || !NumericIds.aadhaar(d.digits, d.groupStart[a])) {
            return;
        }
        if (formatted(d, a, b, 4, 4, 4) || p.aadhaar() && context(t, d, a, b, AADHAAR_WORDS)) {
            hit(d, a, b, "IN_AADHAAR", sink);
        }
    }

    private void thirteen(NormalizedText t, DigitRuns d, int run, int a, int b, Sink sink) {
        if (usable(d, a, b) && isolated(d, run, a, b) && NumericIds.ahv(d.digits, d.groupStart[a])) {
            hit(d, a, b, "CH_AHV", sink);
        }
    }

    private void fifteen(DigitRuns d, int run, int a, int b, Sink sink) {
        if (!usable(d, a, b)) {
            return;
        }
        char[] c = new char[15];
        System.arraycopy(d.digits, d.groupStart[a], c, 0, 15);
        if (NumericIds.nir(c)) {
            hit(d, a, b, "FR_NIR", sink);
        }
    }
}
