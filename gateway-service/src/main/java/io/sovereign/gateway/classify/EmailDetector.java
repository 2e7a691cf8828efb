package io.sovereign.gateway.classify;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Email addresses, internationalised ones too (RFC 6531: Unicode local part and domain, punycode labels),
 * including obfuscated ones ("jane (at) corp (dot) com", "jane at corp dot com"). Addresses
 * whose domain is on the allow-list (documentation domains by default) do not fire; neither do SSH remotes
 * such as git@github.com:org/repo.
 */
final class EmailDetector implements Detector {
    private static final String OPEN = "[\\(\\[\\{<]";
    private static final String CLOSE = "[\\)\\]\\}>]";
    private static final Pattern BRACKETED =
            Pattern.compile("([a-z0-9._%+-]{1,64})\\s{0,3}" + OPEN + "\\s{0,3}at\\s{0,3}" + CLOSE + "\\s{0,3}"
                    + "([a-z0-9-]{1,63}(?:\\s{0,3}(?:" + OPEN + "\\s{0,3}dot\\s{0,3}" + CLOSE + "|\\.)\\s{0,3}"
                    + "[a-z0-9-]{1,63}){1,4})");
    private static final Pattern WORDS = Pattern.compile(
            "(?<![a-z0-9._%+-])([a-z0-9._%+-]{1,64}) at ([a-z0-9-]{1,63}(?: dot [a-z0-9-]{1,63}){1,4})(?![a-z0-9])");

    private static final java.util.Set<String> STOP_WORDS = java.util.Set.of(
            "the",
            "a",
            "an",
            "this",
            "that",
            "these",
            "those",
            "my",
            "your",
            "our",
            "his",
            "her",
            "its",
            "their",
            "in",
            "on",
            "of",
            "to",
            "and",
            "or",
            "is",
            "it",
            "at",
            "be",
            "look",
            "looking",
            "stare",
            "staring",
            "point",
            "pointing",
            "arrive",
            "arrived",
            "one",
            "two",
            "all",
            "some");
    private final List<String> allowDomains;

    EmailDetector(DetectorSettings s) {
        this.allowDomains = s.allowDomainsOrDefault().stream()
                .map(x -> x.toLowerCase(Locale.ROOT))
                .toList();
    }

    @Override
    public void scan(NormalizedText t, Sink sink) {
        String s = t.lower;
        int at = s.indexOf('@');
        while (at >= 0) {
            plain(s, at, sink);
            at = s.indexOf('@', at + 1);
        }
        if (s.indexOf("at)") >= 0 || s.indexOf("at]") >= 0 || s.indexOf("at}") >= 0 || s.indexOf("at>") >= 0) {
            obfuscated(BRACKETED.matcher(s), sink);
        }
        if (s.indexOf(" dot ") >= 0 && s.indexOf(" at ") >= 0) {
            obfuscated(WORDS.matcher(s), sink);
        }
    }

    private void plain(String s, int at, Sink sink) {
        int a = at;
        while (a > 0 && localChar(s.charAt(a - 1)) && at - a < 64) {
            a--;
        }
        while (a < at && (s.charAt(a) == '.' || s.charAt(a) == '-')) {
            a++;
        }
        if (a == at || s.charAt(at - 1) == '.' || (a >= 2 && s.startsWith("//", a - 2)) || userinfo(s, a)) {
            return; // nothing before '@', or URL userinfo (https://token@host, https://user:pw@host), not a mailbox
        }
        int e = at + 1;
        while (e < s.length() && domainChar(s.charAt(e))) {
            e++;
        }
        while (e > at + 1 && (s.charAt(e - 1) == '.' || s.charAt(e - 1) == '-')) {
            e--;
        }
        String domain = s.substring(at + 1, e);
        if (!validDomain(domain) || retinaSuffix(domain)) {
            return;
        }
        if (e < s.length() && s.charAt(e) == ':' && e + 1 < s.length() && !Character.isWhitespace(s.charAt(e + 1))) {
            return; // SSH remote (git@github.com:org/repo.git), not a mailbox
        }
        if (!allowed(domain) && !noReply(s.substring(a, at), domain)) {
            sink.hit("EMAIL", a, e);
        }
    }

    private void obfuscated(Matcher m, Sink sink) {
        while (m.find()) {
            String domain = m.group(2).replaceAll("\\s*(?:[\\(\\[\\{<]\\s*dot\\s*[\\)\\]\\}>]|\\.| dot )\\s*", ".");
            if (validDomain(domain) && !allowed(domain) && !proseLabels(m.group(1), domain)) {
                sink.hit("EMAIL", m.start(), m.end());
            }
        }
    }

    /** "https://user:password@host": the part before '@' follows "scheme://user:" (secret detector's). */
    private static boolean userinfo(String s, int a) {
        if (a < 1 || s.charAt(a - 1) != ':') {
            return false;
        }
        int k = a - 2;
        while (k > 0 && a - k < 80 && localChar(s.charAt(k))) {
            k--;
        }
        return k >= 2 && s.startsWith("//", k - 1);
    }

    /** icon@2x.png is a file name, not an address. */
    private static boolean retinaSuffix(String domain) {
        return domain.length() > 2
                && Character.isDigit(domain.charAt(0))
                && domain.charAt(1) == 'x'
                && domain.charAt(2) == '.';
    }

    /** "look at the dot in ..." is prose: a stop word as mailbox or as a label before the TLD. */
    private static boolean proseLabels(String local, String domain) {
        if (STOP_WORDS.contains(local)) {
            return true;
        }
        String[] labels = domain.split("\\.");
        for (int i = 0; i < labels.length - 1; i++) {
            if (STOP_WORDS.contains(labels[i])) {
                return true;
            }
        }
        return false;
    }

    /** RFC 5322 atext in practice, plus any Unicode letter, digit or mark (RFC 6531 internationalised mail). */
    static boolean localChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '_'
                || c == '%'
                || c == '+'
                || c == '-'
                || (c >= 'A' && c <= 'Z')
                || (c >= 0x80 && unicodeWordChar(c));
    }

    /**
     * Host names: LDH labels, IDN labels in Unicode (RFC 5890), punycode ("xn--") labels are LDH; '_' too, which
     * DNS allows and real mail hosts use (my_store.typepad.com), though not at a label's start.
     */
    static boolean domainChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '-'
                || c == '_'
                || (c >= 'A' && c <= 'Z')
                || (c >= 0x80 && unicodeWordChar(c));
    }

    private static boolean unicodeWordChar(char c) {
        if (Character.isSurrogate(c)) {
            return true; // letters outside the BMP
        }
        int type = Character.getType(c);
        return Character.isLetterOrDigit(c)
                || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** A top-level domain of letters (any script, with their marks) or a punycode one ("xn--lhr59c"). */
    static boolean validDomain(String d) {
        int dot = d.lastIndexOf('.');
        if (dot <= 0
                || d.contains("..")
                || d.contains(".-")
                || d.contains("-.")
                || d.startsWith("-")
                || d.startsWith("_")
                || d.contains("._")) {
            return false; // labels neither start nor end with a dash, nor start with '_'
        }
        String tld = d.substring(dot + 1);
        if (tld.length() < 2 || tld.length() > 24) {
            return tld.length() > 24 && tld.startsWith("xn--") && tld.length() <= 63;
        }
        if (tld.startsWith("xn--") && tld.length() > 4) {
            return true;
        }
        boolean letter = false;
        for (int i = 0; i < tld.length(); i++) {
            char c = tld.charAt(i);
            if (Character.isLetter(c)) {
                letter = true;
            } else if (!(c >= 0x80 && unicodeWordChar(c) && !Character.isDigit(c))) {
                return false;
            }
        }
        return letter;
    }

    /**
     * Automated senders, not people: "noreply@", "no-reply@", "donotreply@" (with a "+tag" too) and any
     * address at a "noreply" host (users.noreply.github.com). Claude Code, for one, adds
     * "Co-Authored-By: Claude Code <noreply@anthropic.com>" to every request.
     */
    static boolean noReply(String local, String domain) {
        String l = local.toLowerCase(java.util.Locale.ROOT);
        int plus = l.indexOf('+');
        String base = plus > 0 ? l.substring(0, plus) : l;
        for (String r : NO_REPLY) {
            if (base.equals(r)) {
                return true;
            }
        }
        return domain.startsWith("noreply.") || domain.contains(".noreply.") || domain.startsWith("no-reply.");
    }

    private static final String[] NO_REPLY = {
        "noreply",
        "no-reply",
        "no_reply",
        "no.reply",
        "donotreply",
        "do-not-reply",
        "do_not_reply",
        "do.not.reply",
        "mailer-daemon"
    };

    private boolean allowed(String domain) {
        for (String a : allowDomains) {
            if (domain.equals(a) || domain.endsWith("." + a)) {
                return true;
            }
        }
        return false;
    }
}
