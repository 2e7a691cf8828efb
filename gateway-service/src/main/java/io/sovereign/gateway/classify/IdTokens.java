package io.sovereign.gateway.classify;

import java.util.Set;

/**
 * The identifiers that mix letters and digits, found by one pass over the text's ASCII alphanumeric tokens
 * (each looked at once, with a lookahead of a few chars): UK NINO (suffix optional), India PAN, Spain DNI and
 * NIE, Italy codice fiscale, French NIR with a Corsican department (2A/2B), and, with a context word, US
 * passport (letter + 8 digits) and driver licence numbers.
 */
final class IdTokens {
    private static final Set<String> NINO_BAD_PREFIX = Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");
    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
    private static final String PAN_HOLDER = "ABCFGHLJPTKE";
    private static final String CF_MONTHS = "ABCDEHLMPRST";
    private static final String CF_DIGITS = "0123456789LMNPQRSTUV";
    private static final int[] CF_ODD = {
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23
    };

    private final Set<String> allow;

    IdTokens(Set<String> allow) {
        this.allow = allow;
    }

    void scan(NormalizedText t, Detector.Sink sink) {
        String s = t.text;
        int n = s.length();
        boolean licenceContext = has(t, "licen") || has(t, "driver") || has(t, "dl");
        boolean passportContext = has(t, "passport");
        int i = 0;
        while (i < n) {
            if (!alnum(s.charAt(i))) {
                i++;
                continue;
            }
            int e = i;
            while (e < n && alnum(s.charAt(e))) {
                e++;
            }
            if (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1))) {
                token(t, i, e, licenceContext, passportContext, sink);
            }
            i = e;
        }
    }

    private static boolean has(NormalizedText t, String word) {
        return t.bigrams().mayContain(word) && t.lower.contains(word);
    }

    private static boolean alnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private boolean allowed(String value) {
        return !allow.isEmpty() && allow.contains(value);
    }

    private void token(NormalizedText t, int a, int e, boolean licence, boolean passport, Detector.Sink sink) {
        String s = t.text;
        int len = e - a;
        if (len < 2 || len > 16 || len == 3 || len == 5 || len == 6) {
            if (!(licence && len >= 5 && len <= 16)) {
                return; // no identifier here has that length: skip without allocating
            }
        }
        boolean glued = e < s.length() && Character.isLetterOrDigit(s.charAt(e));
        if (glued) {
            return; // the token goes on in non-ASCII letters
        }
        boolean hasDigit = false;
        boolean hasLetter = false;
        for (int i = a; i < e; i++) {
            if (digit(s.charAt(i))) {
                hasDigit = true;
            } else {
                hasLetter = true; // tokens are ASCII letters and digits
            }
        }
        if (!hasDigit
                && len != 16 // a codice fiscale may be all letters (omocodia replaces every digit)
                && !(len == 2
                        && e + 1 < s.length()
                        && (digit(s.charAt(e)) || s.charAt(e) == ' ' && digit(s.charAt(e + 1))))) {
            return; // a word: every identifier here has digits (or is "AB" before "12 34 56")
        }
        if (!hasLetter && len != 7 && len != 8 && !(licence && len <= 14)) {
            // all digits: only a DNI whose letter follows after '-'/' ' (7-8 digits) and a licence number
            // (7-14 digits, with context) can be one; the rest need letters, so no substring per number
            return;
        }
        String tok = s.substring(a, e).toUpperCase(java.util.Locale.ROOT);
        if (len == 16 && codiceFiscale(tok) && !allowed(tok)) {
            sink.hit("IT_FISCAL_CODE", a, e);
        }
        if (len == 10 && pan(s.substring(a, e)) && !allowed(tok)) {
            sink.hit("IN_PAN", a, e);
        }
        if (len == 15
                && tok.charAt(5) == '2'
                && (tok.charAt(6) == 'A' || tok.charAt(6) == 'B')
                && allDigitsExcept(tok, 6)
                && NumericIds.nir(tok.toCharArray())
                && !allowed(tok)) {
            sink.hit("FR_NIR", a, e);
        }
        if (len == 2 && (tok.equals("2A") || tok.equals("2B"))) {
            spacedCorsicanNir(s, a, sink);
        }
        spanishId(s, a, e, tok, sink);
        nino(s, a, e, tok, sink);
        if (passport
                && len == 9
                && upper(tok.charAt(0))
                && allDigitsFrom(tok, 1)
                && NumberDetectors.contextNear(t.lower, a, e, 48, 32, NationalIdDetector.PASSPORT_WORDS)) {
            sink.hit("US_PASSPORT", a, e);
        }
        if (licence
                && len >= 5
                && len <= 16
                && licenceShape(tok)
                && NumberDetectors.contextNear(t.lower, a, e, 40, 24, NationalIdDetector.LICENCE_WORDS)
                && !NumberDetectors.contextNear(t.lower, a, e, 40, 0, "license key", "licence key", "mit", "apache")) {
            sink.hit("US_DRIVER_LICENSE", a, e);
        }
    }

    private static boolean allDigitsFrom(String tok, int from) {
        for (int i = from; i < tok.length(); i++) {
            if (!digit(tok.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allDigitsExcept(String tok, int k) {
        for (int i = 0; i < tok.length(); i++) {
            if (i != k && !digit(tok.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** US state licence numbers: 1-2 letters then 4-14 digits, or 7-14 digits; at least one digit block. */
    private static boolean licenceShape(String tok) {
        int k = 0;
        while (k < tok.length() && upper(tok.charAt(k))) {
            k++;
        }
        int digits = tok.length() - k;
        if (!allDigitsFrom(tok, k)) {
            return false;
        }
        return (k >= 1 && k <= 2 && digits >= 4) || (k == 0 && digits >= 7 && digits <= 14);
    }

    /** India PAN: 5 letters (4th the holder type), 4 digits, a letter; upper case as issued. */
    static boolean pan(String tok) {
        for (int i = 0; i < 10; i++) {
            char c = tok.charAt(i);
            boolean letterPos = i < 5 || i == 9;
            if (letterPos ? !upper(c) : !digit(c)) {
                return false;
            }
        }
        return PAN_HOLDER.indexOf(tok.charAt(3)) >= 0 && !tok.startsWith("0000", 5);
    }

    /** Italian codice fiscale (16 chars, omocodia letters allowed in the digit places) with its check letter. */
    static boolean codiceFiscale(String tok) {
        for (int i = 0; i < 6; i++) {
            if (!upper(tok.charAt(i))) {
                return false;
            }
        }
        int[] digitPlaces = {6, 7, 9, 10, 12, 13, 14};
        for (int p : digitPlaces) {
            if (CF_DIGITS.indexOf(tok.charAt(p)) < 0) {
                return false;
            }
        }
        if (CF_MONTHS.indexOf(tok.charAt(8)) < 0 || !upper(tok.charAt(11)) || !upper(tok.charAt(15))) {
            return false;
        }
        int day = CF_DIGITS.indexOf(tok.charAt(9)) % 10 * 10 + CF_DIGITS.indexOf(tok.charAt(10)) % 10;
        if (day % 40 < 1 || day % 40 > 31) {
            return false;
        }
        // the rule computes the check letter over the code as written (omocodia letters included); some
        // generators compute it over the digits the letters stand for: both are in use, both are the person's code
        return tok.charAt(15) == cfCheck(tok, false) || tok.charAt(15) == cfCheck(tok, true);
    }

    private static char cfCheck(String tok, boolean decoded) {
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = tok.charAt(i);
            boolean digitPlace = i >= 6 && i != 8 && i != 11;
            int v = digit(c) ? c - '0' : decoded && digitPlace ? CF_DIGITS.indexOf(c) - 10 : c - 'A';
            sum += i % 2 == 0 ? CF_ODD[v] : v;
        }
        return (char) ('A' + sum % 26);
    }

    /** DNI (8 digits + letter; 7 digits padded) and NIE (X/Y/Z + 7 digits + letter), letter glued or after '-'/' '. */
    private void spanishId(String s, int a, int e, String tok, Detector.Sink sink) {
        int len = e - a;
        String body;
        char letter;
        int end;
        if ((len == 9 || len == 8) && upper(tok.charAt(len - 1))) {
            body = tok.substring(0, len - 1);
            letter = tok.charAt(len - 1);
            end = e;
        } else if ((len == 8 || len == 7)
                && e + 2 <= s.length()
                && (s.charAt(e) == '-' || s.charAt(e) == ' ')
                && e + 1 < s.length()
                && upper(Character.toUpperCase(s.charAt(e + 1)))
                && (e + 2 == s.length() || !Character.isLetterOrDigit(s.charAt(e + 2)))) {
            body = tok;
            letter = Character.toUpperCase(s.charAt(e + 1));
            end = e + 2;
        } else {
            return;
        }
        String kind = "ES_DNI";
        char first = body.charAt(0);
        if (first == 'X' || first == 'Y' || first == 'Z') {
            if (body.length() != 8) {
                return;
            }
            body = (char) ('0' + (first - 'X')) + body.substring(1);
            kind = "ES_NIE";
        }
        if (!allDigitsFrom(body, 0)
                || NumericIds.sameDigits(body.toCharArray(), 0, body.length()) && body.length() < 7) {
            return;
        }
        long n = Long.parseLong(body);
        if (n == 0 || DNI_LETTERS.charAt((int) (n % 23)) != letter || allowed(tok)) {
            return;
        }
        sink.hit(kind, a, end);
    }

    /** UK National Insurance number: valid prefix, 6 digits (pairs may be spaced), suffix A-D or none. */
    private void nino(String s, int a, int e, String tok, Detector.Sink sink) {
        if (tok.length() < 2 || !validNinoPrefix(tok.charAt(0), tok.charAt(1))) {
            return;
        }
        // lower-case letters are common words ("le 01 42 68 53 00"): then the suffix letter must be there
        boolean lowerCase = !upper(s.charAt(a)) || !upper(s.charAt(a + 1));
        StringBuilder digits = new StringBuilder(6);
        int p;
        if (tok.length() == 2) {
            p = e;
            if (p < s.length() && s.charAt(p) == ' ') {
                p++;
            }
        } else if ((tok.length() == 8 || tok.length() == 4) && allDigitsFrom(tok, 2)) {
            p = a + 2;
        } else if (tok.length() == 9
                && allDigitsFrom(tok.substring(0, 8), 2)
                && "ABCD".indexOf(tok.charAt(8)) >= 0
                && !allowed(tok)) {
            sink.hit("UK_NI", a, e);
            return;
        } else {
            return;
        }
        int q = p;
        int spaces = 0;
        while (q < s.length() && digits.length() < 6 && q - p < 10) {
            char c = s.charAt(q);
            if (digit(c)) {
                digits.append(c);
                q++;
            } else if (c == ' '
                    && digits.length() % 2 == 0
                    && digits.length() > 0
                    && q + 1 < s.length()
                    && digit(s.charAt(q + 1))) {
                spaces++;
                q++;
            } else {
                break;
            }
        }
        // 6 digits together or in three pairs ("12 34 56"); "47 2121" is part of an IBAN, not a NINO
        boolean pairs = spaces == 2 || spaces == 0;
        if (digits.length() != 6 || !pairs || (q < s.length() && digit(s.charAt(q)))) {
            return;
        }
        int end = q;
        int r = q < s.length() && s.charAt(q) == ' ' ? q + 1 : q;
        if (r < s.length()
                && "ABCDabcd".indexOf(s.charAt(r)) >= 0
                && (r + 1 == s.length() || !Character.isLetterOrDigit(s.charAt(r + 1)))) {
            end = r + 1;
        } else if (q < s.length() && Character.isLetter(s.charAt(q))
                || lowerCase
                || r < s.length()
                        && Character.isLetter(s.charAt(r))
                        && (r + 1 == s.length() || !Character.isLetterOrDigit(s.charAt(r + 1)))) {
            return; // "AB123456X...", "AA 12 34 56 H": a wrong suffix; lower case without a suffix: prose
        }
        if (!allowed(("" + tok.charAt(0) + tok.charAt(1) + digits).toUpperCase(java.util.Locale.ROOT))) {
            sink.hit("UK_NI", a, end);
        }
    }

    static boolean validNinoPrefix(char l1, char l2) {
        if (!upper(l1) || !upper(l2)) {
            return false;
        }
        if ("DFIQUV".indexOf(l1) >= 0 || "DFIOQUV".indexOf(l2) >= 0) {
            return false;
        }
        return !NINO_BAD_PREFIX.contains("" + l1 + l2);
    }

    /** "2 53 07 2A 073 004 43": 5 digits before the department, 8 after, single spaces or dots between. */
    private void spacedCorsicanNir(String s, int at, Detector.Sink sink) {
        char[] c = new char[15];
        int k = at - 1;
        int got = 0;
        int start = at;
        while (k >= 0 && got < 5 && at - k < 12) {
            char x = s.charAt(k);
            if (digit(x)) {
                c[4 - got++] = x;
                start = k;
            } else if (x != ' ' && x != '.') {
                break;
            }
            k--;
        }
        if (got != 5 || (start > 0 && Character.isLetterOrDigit(s.charAt(start - 1)))) {
            return;
        }
        c[5] = '2';
        c[6] = Character.toUpperCase(s.charAt(at + 1));
        int m = at + 2;
        int after = 0;
        int end = m;
        while (m < s.length() && after < 8 && m - at < 16) {
            char x = s.charAt(m);
            if (digit(x)) {
                c[7 + after++] = x;
                end = m + 1;
            } else if (x != ' ' && x != '.') {
                break;
            }
            m++;
        }
        if (after == 8 && (end >= s.length() || !Character.isLetterOrDigit(s.charAt(end))) && NumericIds.nir(c)) {
            sink.hit("FR_NIR", start, end);
        }
    }
}
