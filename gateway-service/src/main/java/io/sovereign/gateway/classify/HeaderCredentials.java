package io.sovereign.gateway.classify;

import java.util.Locale;

/**
 * Credentials in HTTP headers as people paste them (curl's {@code -H}, raw requests): {@code Authorization:} with
 * or without a scheme (Basic, Bearer, Token, Api-Token), and, after {@code -H}/{@code --header}, headers named
 * like a key or token ({@code Api-Token:}, {@code Token:}, {@code X-Octopus-ApiKey:}). The value counts when it is
 * at least 8 token characters that are not a placeholder or a variable and not all one kind of character; a UUID
 * counts here (a header is where an API key that is a UUID travels), unlike next to the bare word "key".
 */
final class HeaderCredentials {
    private static final String[] SCHEMES = {"basic", "bearer", "token", "api-token", "apikey", "digest"};

    private HeaderCredentials() {}

    static void scan(NormalizedText t, Detector.Sink sink) {
        String l = t.lower;
        int i = l.indexOf("authorization:");
        while (i >= 0) {
            value(t, i, i + "authorization:".length(), true, sink);
            i = l.indexOf("authorization:", i + 1);
        }
        for (String flag : new String[] {"-h ", "-h=", "--header ", "--header="}) {
            int f = l.indexOf(flag);
            while (f >= 0) {
                header(t, f + flag.length(), sink);
                f = l.indexOf(flag, f + 1);
            }
        }
    }

    /** After -H: an optional quote, a header name ending in key or token, ':' and the value. */
    private static void header(NormalizedText t, int p, Detector.Sink sink) {
        String l = t.lower;
        int a = p;
        while (a < l.length() && a - p < 4 && (l.charAt(a) == ' ' || l.charAt(a) == '"' || l.charAt(a) == '\'')) {
            a++;
        }
        int c = a;
        while (c < l.length() && c - a < 40 && (Character.isLetterOrDigit(l.charAt(c)) || l.charAt(c) == '-')) {
            c++;
        }
        if (c >= l.length() || l.charAt(c) != ':') {
            return;
        }
        String name = l.substring(a, c);
        if (name.equals("authorization")) {
            return; // handled where the word is found
        }
        if (name.endsWith("key") || name.endsWith("token")) {
            value(t, a, c + 1, false, sink);
        }
    }

    private static void value(NormalizedText t, int start, int p, boolean scheme, Detector.Sink sink) {
        String s = t.text;
        int v = skipBlanks(s, p);
        if (scheme) {
            String rest = s.substring(v, Math.min(s.length(), v + 12)).toLowerCase(Locale.ROOT);
            for (String w : SCHEMES) {
                if (rest.startsWith(w) && v + w.length() < s.length() && s.charAt(v + w.length()) == ' ') {
                    v = skipBlanks(s, v + w.length());
                    break;
                }
            }
        }
        int e = v;
        while (e < s.length() && e - v < 2048 && tokenChar(s.charAt(e))) {
            e++;
        }
        if (e - v < 8 || (e < s.length() && !boundary(s.charAt(e)))) {
            return;
        }
        String val = s.substring(v, e);
        if (Placeholders.isPlaceholder(val) || !mixed(val) || Entropy.bitsPerChar(s, v, e) < 2.75) {
            return;
        }
        sink.hit("HTTP_HEADER_CREDENTIAL", start, e);
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean tokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "_=~@.+/-".indexOf(c) >= 0;
    }

    /** What may follow a header value: a quote, whitespace, a line end, a comma or semicolon. */
    private static boolean boundary(char c) {
        return Character.isWhitespace(c) || c == '"' || c == '\'' || c == ',' || c == ';' || c == '\\';
    }

    /** Letters and digits both, or base64/URL-safe punctuation: not a word, not a plain number. */
    private static boolean mixed(String v) {
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
        }
        return letter && digit;
    }
}
