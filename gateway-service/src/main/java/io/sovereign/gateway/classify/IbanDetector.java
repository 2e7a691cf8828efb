package io.sovereign.gateway.classify;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * IBANs: a country code with its registered length, two check digits and an alphanumeric BBAN, one or two
 * separator chars (space, dash, dot, slash, underscore) between characters allowed, valid ISO 13616 mod-97 checksum.
 */
final class IbanDetector implements Detector {
    private static final Map<String, Integer> LENGTHS = new HashMap<>();

    static {
        String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 "
                + "DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 "
                + "IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 "
                + "MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 "
                + "SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20";
        for (String e : table.split(" ")) {
            LENGTHS.put(e.substring(0, 2), Integer.parseInt(e.substring(2)));
        }
    }

    private final Set<String> allow;

    IbanDetector(DetectorSettings s) {
        this.allow = NumberDetectors.digitsOnly(s.allow());
    }

    @Override
    public void scan(NormalizedText t, Sink sink) {
        DigitRuns d = t.digitRuns();
        if (d.nDigits < 8) {
            return;
        }
        String s = t.text;
        char[] buf = new char[34];
        for (int r = 0; r < d.nRuns; r++) {
            int g = d.runGroup[r];
            int digitStart = d.startOf(g);
            int p = digitStart - 2;
            if (p >= 1 && sep(s.charAt(digitStart - 1))) {
                p = digitStart - 3; // "DE 89 3704 ..."
            }
            if (p < 0
                    || (p > 0 && DigitRuns.wordChar(s.charAt(p - 1)))
                    || !Character.isLetter(s.charAt(p))
                    || !Character.isLetter(s.charAt(p + 1))) {
                continue;
            }
            char c1 = Character.toUpperCase(s.charAt(p));
            char c2 = Character.toUpperCase(s.charAt(p + 1));
            Integer len = LENGTHS.get("" + c1 + c2);
            if (len == null) {
                continue;
            }
            int end = collect(s, p, len, buf);
            if (end < 0 || !checkDigitsPlausible(buf) || !mod97(buf, len)) {
                continue;
            }
            if (!allow.isEmpty() && allow.contains(new String(buf, 0, len))) {
                continue;
            }
            sink.hit("IBAN", p, end);
        }
    }

    /** Collects exactly len alphanumerics from p, allowing one space/dash between; returns end or -1. */
    private static int collect(String s, int p, int len, char[] buf) {
        int n = 0;
        int i = p;
        while (i < s.length() && n < len) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c) && c < 0x80) {
                buf[n++] = Character.toUpperCase(c);
                i++;
            } else if (sep(c)
                    && n > 0
                    && i + 1 < s.length()
                    && (Character.isLetterOrDigit(s.charAt(i + 1))
                            || sep(s.charAt(i + 1))
                                    && i + 2 < s.length()
                                    && Character.isLetterOrDigit(s.charAt(i + 2))
                                    && !sep(s.charAt(i - 1)))) {
                i++;
            } else {
                break;
            }
        }
        if (n != len) {
            return -1;
        }
        if (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
            return -1; // the run goes on: not this country's length
        }
        return i;
    }

    /** Separators people and systems put inside IBANs: space, dash, dot, slash, underscore, tab. */
    private static boolean sep(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '/' || c == '_' || c == '\t';
    }

    private static boolean checkDigitsPlausible(char[] b) {
        return Character.isDigit(b[2]) && Character.isDigit(b[3]);
    }

    static boolean mod97(char[] b, int len) {
        int rem = 0;
        for (int k = 0; k < len; k++) {
            char c = b[(k + 4) % len];
            if (c >= '0' && c <= '9') {
                rem = (rem * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                rem = (rem * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return rem == 1;
    }
}
