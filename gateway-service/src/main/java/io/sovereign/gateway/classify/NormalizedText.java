package io.sovereign.gateway.classify;

import java.text.Normalizer;

/**
 * A segment's text after normalisation (NFKC per code point, format/zero-width characters removed, Unicode
 * digits, dashes and spaces folded to ASCII), with a map from each normalised char back to the original text
 * so a finding's span can be reported in original coordinates. Pure-ASCII text (the common case) is used as
 * is, without copying.
 */
final class NormalizedText {
    final String original;
    final String text;
    /** Lower-cased text, same length and indices as {@link #text}. */
    final String lower;
    /** map[i] = index in original of the code point that produced text[i]; null when identical. */
    private final int[] map;

    private DigitRuns digitRuns;

    private NormalizedText(String original, String text, int[] map, boolean ascii) {
        this(original, text, map, lowerAscii(text, ascii));
    }

    private NormalizedText(String original, String text, int[] map, String lower) {
        this.original = original;
        this.text = text;
        this.map = map;
        this.lower = lower;
    }

    static NormalizedText of(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return slow(s);
            }
        }
        return new NormalizedText(s, s, null, true);
    }

    /** Text produced by decoding; its findings cannot be mapped to the original segment. */
    static NormalizedText decoded(String s) {
        NormalizedText t = of(s);
        return new NormalizedText(null, t.text, null, t.lower); // already lower-cased once
    }

    boolean mappable() {
        return original != null;
    }

    int origStart(int i) {
        if (map == null) {
            return i;
        }
        return i < map.length ? map[i] : original.length();
    }

    int origEnd(int endExclusive) {
        if (map == null) {
            return endExclusive;
        }
        if (endExclusive <= 0) {
            return 0;
        }
        int o = map[endExclusive - 1];
        return o + Character.charCount(original.codePointAt(o));
    }

    private Bigrams bigrams;

    /** The character pairs of {@link #lower}, built on first use and shared by the detectors' word lookups. */
    Bigrams bigrams() {
        if (bigrams == null) {
            bigrams = new Bigrams(lower);
        }
        return bigrams;
    }

    DigitRuns digitRuns() {
        if (digitRuns == null) {
            digitRuns = DigitRuns.of(text);
        }
        return digitRuns;
    }

    private static NormalizedText slow(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int[] map = new int[s.length() * 2 + 4];
        int n = s.length();
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            if (cp < 0x80) {
                map = put(out, map, (char) cp, i);
            } else if (!dropped(cp)) {
                int type = Character.getType(cp);
                if (type == Character.DECIMAL_DIGIT_NUMBER) {
                    map = put(out, map, (char) ('0' + Character.digit(cp, 10)), i);
                } else if (type == Character.SPACE_SEPARATOR) {
                    map = put(out, map, ' ', i);
                } else if (type == Character.DASH_PUNCTUATION) {
                    map = put(out, map, '-', i);
                } else if (cp < 0x10000 && Confusables.TO[cp] != 0) {
                    map = put(out, map, Confusables.TO[cp], i); // Cyrillic/Greek look-alike of a Latin letter
                } else if (cp < 0x10000 && Stable.BMP.get(cp)) {
                    map = put(out, map, (char) cp, i); // most letters of most scripts: no per-char NFKC call
                } else {
                    String nf = Normalizer.normalize(s.substring(i, i + len), Normalizer.Form.NFKC);
                    for (int k = 0; k < nf.length(); k++) {
                        char c = nf.charAt(k);
                        if (Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
                            c = (char) ('0' + Character.digit(c, 10));
                        }
                        map = put(out, map, c, i);
                    }
                }
            }
            i += len;
        }
        int[] exact = java.util.Arrays.copyOf(map, out.length());
        return new NormalizedText(s, out.toString(), exact, false);
    }

    /**
     * Cyrillic and Greek letters that look like Latin ones ("NIGHTJАR" with a Cyrillic А). Folding them in all
     * text is harmless for detection: only whole-word and pattern matches consume the result.
     */
    private static final class Confusables {
        static final String PAIRS = "АAВBЕEЗ3КKМMНHОOРPСCТTУYХXЅSІIЈJаaвbеeкkмmнhоoрpсcтtуyхxѕsіiјjӏl"
                + "ΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧXαaοoρpυuνvκkιi";
        static final char[] TO = new char[0x10000];

        static {
            for (int k = 0; k + 1 < PAIRS.length(); k += 2) {
                TO[PAIRS.charAt(k)] = PAIRS.charAt(k + 1);
            }
        }
    }

    /** BMP chars that NFKC maps to themselves and that are not digits (computed once, ~8 KB). */
    private static final class Stable {
        static final java.util.BitSet BMP = new java.util.BitSet(0x10000);

        static {
            for (int c = 0x80; c < 0x10000; c++) {
                if (Character.isSurrogate((char) c) || Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
                    continue;
                }
                String one = String.valueOf((char) c);
                if (Normalizer.isNormalized(one, Normalizer.Form.NFKC)) {
                    BMP.set(c);
                }
            }
        }
    }

    private static int[] put(StringBuilder out, int[] map, char c, int orig) {
        if (out.length() >= map.length) {
            map = java.util.Arrays.copyOf(map, map.length * 2);
        }
        map[out.length()] = orig;
        out.append(c);
        return map;
    }

    /** Zero-width, bidi and other format characters, variation selectors and combining joiners. */
    private static boolean dropped(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT
                || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0x034F
                || cp == 0x180E
                || cp == 0x115F
                || cp == 0x1160
                || cp == 0x3164
                || (cp >= 0xE0100 && cp <= 0xE01EF);
    }

    /**
     * ASCII only: A-Z shifted into a byte[] (half the memory of a char[] round trip, which on 4 MB texts is
     * page faults), and a plain loop: String.toLowerCase checks every char against the Latin-1 tables (a third of
     * the national-id detector's time on 4 MB of base64).
     */
    private static String lowerAsciiOnly(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && (s.charAt(i) < 'A' || s.charAt(i) > 'Z')) {
            i++;
        }
        if (i == n) {
            return s;
        }
        byte[] out = new byte[n];
        for (int k = 0; k < n; k++) {
            char c = s.charAt(k);
            out[k] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String lowerAscii(String s, boolean ascii) {
        int n = s.length();
        if (ascii) {
            return lowerAsciiOnly(s);
        }
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || c >= 0x80) {
                break;
            }
            i++;
        }
        if (i == n) {
            return s;
        }
        char[] out = s.toCharArray();
        for (; i < n; i++) {
            char c = out[i];
            if (c >= 'A' && c <= 'Z') {
                out[i] = (char) (c + 32);
            } else if (c >= 0x80) {
                out[i] = Character.toLowerCase(c);
            }
        }
        return new String(out);
    }
}
