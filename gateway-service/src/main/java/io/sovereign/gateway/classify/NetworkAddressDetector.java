package io.sovereign.gateway.classify;

/**
 * IP addresses (IPv4 dotted quads, IPv6 in full or "::" form, IPv4-mapped) and MAC addresses (six hex pairs with ':',
 * '-' or single spaces, or Cisco's xxxx.xxxx.xxxx). Infrastructure details rather than personal data: the shipped policy
 * gives them level internal, which an admin can raise. One pass over the text; each candidate looks ahead at
 * most 45 chars.
 */
final class NetworkAddressDetector implements Detector {

    @Override
    public void scan(NormalizedText t, Sink sink) {
        String s = t.text;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (!hex(c)
                    || (i > 0
                            && (Character.isLetterOrDigit(s.charAt(i - 1))
                                    || s.charAt(i - 1) == '.'
                                    || s.charAt(i - 1) == ':'
                                    || s.charAt(i - 1) == '-'))) {
                i++;
                continue;
            }
            if (spacedMac(s, i)) { // "A9 C5 D4 9F EB D3"
                sink.hit("MAC_ADDRESS", i, i + 17);
                i += 17;
                continue;
            }
            int e = candidateEnd(s, i);
            // shortest forms: "1.2.3.4", "fe80::1"; with "::" and three colons also "1::7:8"
            if ((e - i >= 7 || e - i == 6 && s.substring(i, e).contains("::") && colons(s, i, e) >= 3)
                    && separated(s, i, e)) {
                String kind = classify(s, i, e);
                if (kind != null) {
                    sink.hit(kind, i, e);
                    i = e;
                    continue;
                }
            }
            i++;
        }
        int dc = s.indexOf("::");
        while (dc >= 0) { // "::1", "::ffff:10.0.0.1": IPv6 starting with the zero run
            if ((dc == 0 || !hexOrSep(s.charAt(dc - 1))) && dc + 2 < n && hex(s.charAt(dc + 2))) {
                int e = candidateEnd(s, dc);
                String x = s.substring(dc, e);
                if (ipv6(x) && x.chars().anyMatch(Character::isDigit)) { // ::1, ::ffff:10.0.0.1
                    sink.hit("IP_ADDRESS", dc, e);
                }
            }
            dc = s.indexOf("::", dc + 2);
        }
    }

    private static int colons(String s, int a, int e) {
        int k = 0;
        for (int i = a; i < e; i++) {
            k += s.charAt(i) == ':' ? 1 : 0;
        }
        return k;
    }

    /**
     * Six hex pairs with single spaces ("A9 C5 D4 9F EB D3"), not part of a longer run of pairs (a hex dump) and
     * holding both a letter and a digit (so "de ad be ef ca fe" and plain numbers stay words).
     */
    private static boolean spacedMac(String s, int i) {
        if (i + 17 > s.length() || s.charAt(i + 2) != ' ') {
            return false;
        }
        boolean letter = false;
        boolean digit = false;
        for (int k = 0; k < 17; k++) {
            char c = s.charAt(i + k);
            if (k % 3 == 2) {
                if (c != ' ') {
                    return false;
                }
            } else if (!hex(c)) {
                return false;
            } else {
                letter |= c > '9';
                digit |= c <= '9';
            }
        }
        boolean longer =
                i + 19 < s.length() && s.charAt(i + 17) == ' ' && hex(s.charAt(i + 18)) && hex(s.charAt(i + 19));
        boolean glued = i + 17 < s.length() && Character.isLetterOrDigit(s.charAt(i + 17));
        boolean before = i >= 3 && s.charAt(i - 1) == ' ' && hex(s.charAt(i - 2)) && hex(s.charAt(i - 3));
        return letter && digit && !longer && !glued && !before;
    }

    private static boolean separated(String s, int a, int e) {
        for (int i = a; i < e; i++) {
            char c = s.charAt(i);
            if (c == '.' || c == ':' || c == '-') {
                return true;
            }
        }
        return false;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean hexOrSep(char c) {
        return hex(c) || c == ':' || c == '.';
    }

    /** End of the run of hex digits, ':', '.', '-' from i (at most 45 chars), trailing separators dropped. */
    private static int candidateEnd(String s, int i) {
        int e = i;
        while (e < s.length() && e - i < 45 && (hexOrSep(s.charAt(e)) || s.charAt(e) == '-')) {
            e++;
        }
        if (e < s.length() && Character.isLetterOrDigit(s.charAt(e))) {
            return i; // glued to a word: a hash, an id
        }
        while (e > i && (s.charAt(e - 1) == '.' || s.charAt(e - 1) == ':' || s.charAt(e - 1) == '-')) {
            e--;
        }
        return e;
    }

    private static String classify(String s, int a, int e) {
        if (ipv4(s, a, e) && !(a > 0 && (s.charAt(a - 1) == 'v' || s.charAt(a - 1) == 'V'))) {
            return "IP_ADDRESS";
        }
        int colon = s.indexOf(':', a);
        if (e - a != 14 && e - a != 17 && (colon < 0 || colon >= e)) {
            return null; // a MAC has 14 or 17 chars, IPv6 a ':': most candidates ("1.2", "2024-01-05") need no
            // substring
        }
        String x = s.substring(a, e);
        if (mac(x)) {
            return "MAC_ADDRESS";
        }
        if (x.indexOf(':') >= 0 && ipv6(x) && x.chars().filter(ch -> ch == ':').count() >= 2) {
            return "IP_ADDRESS";
        }
        return null;
    }

    static boolean ipv4(String x) {
        return ipv4(x, 0, x.length());
    }

    /** x[a, e) is four dot-separated decimal parts of 1-3 digits, no leading zero, each at most 255. */
    static boolean ipv4(String x, int a, int e) {
        int parts = 0;
        int i = a;
        while (true) { // the parts of split("\\.", -1), without the array and substrings
            int j = i;
            while (j < e && x.charAt(j) != '.') {
                if (!Character.isDigit(x.charAt(j))) {
                    return false;
                }
                j++;
            }
            int len = j - i;
            if (len == 0 || len > 3 || (len > 1 && x.charAt(i) == '0') || Integer.parseInt(x, i, j, 10) > 255) {
                return false;
            }
            parts++;
            if (j == e) {
                return parts == 4;
            }
            i = j + 1;
        }
    }

    static boolean mac(String x) {
        if (x.length() == 17) {
            char sep = x.charAt(2);
            if (sep != ':' && sep != '-') {
                return false;
            }
            for (int i = 0; i < 17; i++) {
                boolean sepPos = i % 3 == 2;
                if (sepPos ? x.charAt(i) != sep : !hex(x.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
        if (x.length() == 14) {
            for (int i = 0; i < 14; i++) {
                boolean sepPos = i == 4 || i == 9;
                if (sepPos ? x.charAt(i) != '.' : !hex(x.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** RFC 4291 text forms: 8 groups of 1-4 hex, or fewer around one "::", optionally ending in an IPv4. */
    static boolean ipv6(String x) {
        if (x.indexOf('-') >= 0) {
            return false;
        }
        int dc = x.indexOf("::");
        if (dc >= 0 && x.indexOf("::", dc + 1) >= 0) {
            return false;
        }
        String body = x;
        int groups = 0;
        int lastColon = x.lastIndexOf(':');
        if (x.indexOf('.') >= 0) {
            if (!ipv4(x.substring(lastColon + 1))) {
                return false;
            }
            body = x.substring(0, lastColon + 1) + "0";
            groups = 1; // the IPv4 tail counts as two groups
        }
        String[] parts = body.split(":", -1);
        int nonEmpty = 0;
        for (String p : parts) {
            if (p.isEmpty()) {
                continue;
            }
            if (p.length() > 4) {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                if (!hex(p.charAt(i))) {
                    return false;
                }
            }
            nonEmpty++;
        }
        groups += nonEmpty;
        if (dc < 0) {
            return groups == 8 && !x.startsWith(":") && !x.endsWith(":");
        }
        return groups <= 7 && nonEmpty >= 1;
    }
}
