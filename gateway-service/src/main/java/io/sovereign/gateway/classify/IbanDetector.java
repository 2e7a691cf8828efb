package io.sovereign.gateway.classify;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * IBANs: a country code with its registered length, two check digits and a BBAN in that country's registered
 * format (digits where the registry says digits, letters where it says letters), one or two separator chars (space,
 * dash, dot, slash, underscore) between characters allowed, valid ISO 13616 mod-97 checksum, and for Spain the
 * national check digits as well. Mod-97 alone passes one string in 97: the format and national checks are what
 * keep a mangled number ("BG93 BNBG 9661 1A20 ...") from counting as an account.
 */
final class IbanDetector implements Detector {
    private static final Map<String, Integer> LENGTHS = new HashMap<>();
    /** BBAN formats from the SWIFT IBAN registry: n digits, a upper-case letters, c either ("DE" 8n10n). */
    private static final Map<String, String> FORMATS = new HashMap<>();

    static {
        String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 "
                + "DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 "
                + "IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 "
                + "MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 "
                + "SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20";
        for (String e : table.split(" ")) {
            LENGTHS.put(e.substring(0, 2), Integer.parseInt(e.substring(2)));
        }
        String formats = "AD4n4n12c AE3n16n AL8n16c AT5n11n AZ4a20c BA3n3n8n2n BE3n7n2n BG4a4n2n8c BH4a14c "
                + "BR8n5n10n1a1c BY4c4n16c CH5n12c CR4n14n CY3n5n16c CZ4n6n10n DE8n10n DK4n9n1n DO4c20n EE2n2n11n1n "
                + "EG4n4n17n ES4n4n1n1n10n FI3n11n FO4n9n1n FR5n5n11c2n GB4a6n8n GE2a16n GI4a15c GL4n9n1n GR3n4n16c "
                + "GT4c20c HR7n10n HU3n4n1n15n1n IE4a6n8n IL3n3n13n IQ4a3n12n IR22n IS4n2n6n10n IT1a5n5n12c "
                + "JO4a4n18c KW4a22c KZ3n13c LB4n20c LC4a24c LI5n12c LT5n11n LU3n13c LV4a13c LY3n3n15n "
                + "MC5n5n11c2n MD2c18c ME3n13n2n MK3n10c2n MN4n12n MR5n5n11n2n MT4a5n18c MU4a2n2n12n3n3a NI4a20n "
                + "NL4a10n NO4n6n1n OM3n16c PK4a16c PL8n16n PS4a21c PT4n4n11n2n QA4a21c RO4a16c RS3n13n2n "
                + "RU9n5n15c SA2n18c SC4a2n2n16n3a SD2n12n SE3n16n1n SI5n8n2n SK4n6n10n SM1a5n5n12c SO4n3n12n "
                + "ST4n4n11n2n SV4a20n TL3n14n2n TN2n3n13n2n TR5n1n16c UA6n19c VA3n15n VG4a16n XK4n10n2n";
        for (String e : formats.split(" ")) {
            StringBuilder kinds = new StringBuilder();
            int count = 0;
            for (int i = 2; i < e.length(); i++) {
                char c = e.charAt(i);
                if (Character.isDigit(c)) {
                    count = count * 10 + (c - '0');
                } else {
                    kinds.append(String.valueOf(c).repeat(count));
                    count = 0;
                }
            }
            String cc = e.substring(0, 2);
            FORMATS.put(cc, kinds.toString());
            LENGTHS.put(cc, 4 + kinds.length());
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
            if (end < 0 || !checkDigitsPlausible(buf) || !bbanFormat(c1, c2, buf) || !mod97(buf, len)) {
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

    /** The BBAN matches the registry's format for its country (unknown formats: alphanumeric, already checked). */
    static boolean bbanFormat(char c1, char c2, char[] b) {
        String f = FORMATS.get("" + c1 + c2);
        if (f == null) {
            return true;
        }
        for (int i = 0; i < f.length(); i++) {
            char c = b[4 + i];
            char kind = f.charAt(i);
            if ((kind == 'n' && (c < '0' || c > '9')) || (kind == 'a' && (c < 'A' || c > 'Z'))) {
                return false;
            }
        }
        return c1 != 'E' || c2 != 'S' || spanishCheckDigits(b);
    }

    /** Spain's two national check digits (bank+branch, then account), mod 11 with weights 1,2,4,8,5,10,9,7,3,6. */
    private static boolean spanishCheckDigits(char[] b) {
        return spanishDigit(b, 4, 8, 2) == b[12] - '0' && spanishDigit(b, 14, 10, 0) == b[13] - '0';
    }

    private static int spanishDigit(char[] b, int from, int n, int leadingZeros) {
        int[] w = {1, 2, 4, 8, 5, 10, 9, 7, 3, 6};
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (b[from + i] - '0') * w[i + leadingZeros];
        }
        int r = 11 - sum % 11;
        return r == 11 ? 0 : r == 10 ? 1 : r;
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
