package io.sovereign.gateway.classify;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Finds long base64 (standard or URL-safe) and hex runs and decodes those that turn out to be text, so that
 * "NDExMSAxMTExIDExMTEgMTExMQ==" is scanned as what it says. Binary payloads (hashes, images) are ignored.
 */
final class EncodedRuns {
    static final int MIN_BASE64 = 16;
    static final int MIN_HEX = 16;

    private EncodedRuns() {}

    /** A run this long that decodes to bytes which are not text is a binary payload nobody can inspect. */
    static final int MIN_BINARY = 4096;

    /**
     * What the runs of one text decoded to: the texts (at most the budget's chars in total), whether a text run
     * was left out or cut because the budget was spent, and how many long runs were binary.
     */
    record Decoded(List<String> texts, boolean exhausted, int binaryRuns) {}

    /** Decoded texts of the runs in s, at most budget chars in total. */
    static List<String> decode(String s, int budget) {
        return runs(s, budget).texts();
    }

    /** The runs of s decoded within budget chars; a text run beyond the budget marks it exhausted. */
    static Decoded runs(String s, int budget) {
        List<String> out = new ArrayList<>();
        int used = 0;
        int binary = 0;
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!b64(s.charAt(i))) {
                i++;
                continue;
            }
            int a = i;
            while (i < n && b64(s.charAt(i))) {
                i++;
            }
            int len = i - a;
            if (len < MIN_BASE64 || (a > 0 && s.charAt(a - 1) == '\\')) {
                continue;
            }
            String text =
                    Entropy.hex(s, a, i) && len >= MIN_HEX && len % 2 == 0 ? hexText(s, a, i) : base64Text(s, a, i);
            if (text == null) {
                if (len >= MIN_BINARY && decodesToBytes(s, a, i)) {
                    binary++;
                }
                continue;
            }
            if (used >= budget) {
                return new Decoded(out, true, binary); // a text run the budget does not cover: fail closed
            }
            boolean cut = text.length() > budget - used;
            text = cut ? text.substring(0, budget - used) : text;
            out.add(text);
            used += text.length();
            if (cut) {
                return new Decoded(out, true, binary);
            }
        }
        return new Decoded(out, false, binary);
    }

    /** Whether the run is base64 of anything at all (then a non-text result means binary content). */
    private static boolean decodesToBytes(String s, int a, int e) {
        String run = s.substring(a, e);
        int eq = run.indexOf('=');
        String body = eq >= 0 ? run.substring(0, eq) : run;
        if (body.length() % 4 == 1 || !hasMixedCase(body)) {
            return false;
        }
        boolean url = body.indexOf('-') >= 0 || body.indexOf('_') >= 0;
        try {
            (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(pad(body));
            return true;
        } catch (IllegalArgumentException bad) {
            return false;
        }
    }

    /**
     * The text with its %XX escapes decoded ("jane%40corp.com", "card%3D4111%204111..."), or null when it has
     * none. Lenient: a '%' not followed by two hex digits stays as it is; bytes are read as UTF-8.
     */
    static String percentDecoded(String s) {
        int first = s.indexOf('%');
        if (first < 0 || !hasEscape(s, first)) {
            return null;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '%' && i + 2 < utf8.length && hexDigit(utf8[i + 1]) >= 0 && hexDigit(utf8[i + 2]) >= 0) {
                out.write(hexDigit(utf8[i + 1]) * 16 + hexDigit(utf8[i + 2]));
                i += 2;
            } else {
                out.write(utf8[i]);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    private static boolean hasEscape(String s, int from) {
        for (int i = from; i >= 0 && i + 2 < s.length(); i = s.indexOf('%', i + 1)) {
            if (hexDigit((byte) s.charAt(i + 1)) >= 0 && hexDigit((byte) s.charAt(i + 2)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private static boolean b64(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '+'
                || c == '/'
                || c == '='
                || c == '-'
                || c == '_';
    }

    private static String base64Text(String s, int a, int e) {
        String run = s.substring(a, e);
        int eq = run.indexOf('=');
        if (eq >= 0 && eq < run.length() - 2) {
            return null; // '=' inside: an assignment chain, not base64
        }
        String body = eq >= 0 ? run.substring(0, eq) : run;
        if (body.length() % 4 == 1) {
            return null;
        }
        boolean url = body.indexOf('-') >= 0 || body.indexOf('_') >= 0;
        if (url && (body.indexOf('+') >= 0 || body.indexOf('/') >= 0)) {
            return null;
        }
        if (!hasMixedCase(body)) {
            return null; // words, identifiers and paths are not base64 of text
        }
        try {
            byte[] bytes = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(pad(body));
            return printable(bytes);
        } catch (IllegalArgumentException bad) {
            return null;
        }
    }

    private static boolean hasMixedCase(String b) {
        boolean up = false;
        boolean low = false;
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            up |= c >= 'A' && c <= 'Z';
            low |= c >= 'a' && c <= 'z';
        }
        return up && low;
    }

    private static String pad(String b) {
        int r = b.length() % 4;
        return r == 0 ? b : b + "==".substring(0, 4 - r);
    }

    private static String hexText(String s, int a, int e) {
        byte[] bytes = new byte[(e - a) / 2];
        for (int k = 0; k < bytes.length; k++) {
            bytes[k] = (byte) Integer.parseInt(s.substring(a + 2 * k, a + 2 * k + 2), 16);
        }
        return printable(bytes);
    }

    /** Valid UTF-8 whose chars are at least 90% printable or whitespace, else null. */
    static String printable(byte[] bytes) {
        if (bytes.length < 8) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        int good = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 0x20 && c != 0x7f) || c == '\n' || c == '\r' || c == '\t') {
                good++;
            }
        }
        return good * 10 >= text.length() * 9 ? text : null;
    }
}
