package io.sovereign.gateway.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a token rule's regex promises about its matches, read from the pattern text, so {@link TokenRule.Compiled}
 * can avoid running {@code Matcher.find} over a whole text. {@code find} tries the pattern at every position
 * (a leading lookbehind keeps Java from skipping ahead), which on 4 MB of base64 cost ~300 ms per rule whose
 * keyword happens to occur ("SK", "A3T", "AIza"...).
 *
 * <ul>
 *   <li>{@link #anchored}: every match starts with one of the rule's keywords, so trying the pattern only where
 *       a keyword occurs finds exactly the matches {@code find} would.
 *   <li>{@link #requiredChars}: punctuation every match contains (the two dots of a Discord bot token): a text
 *       without one cannot match, whatever the keywords (which for some rules are context words).
 * </ul>
 *
 * Conservative by construction: any construct not understood here (flags other than {@code (?i)}, quoting,
 * alternation where it matters, optional groups) gives "no promise", and the rule runs as before.
 */
final class RuleShape {
    private RuleShape() {}

    /** Whether every match of pattern begins with one of the keywords (as the keyword lookup finds them). */
    static boolean anchored(String p, List<String> keywords) {
        if (keywords.isEmpty()) {
            return false;
        }
        int i = 0;
        boolean ci = false;
        if (p.startsWith("(?i)")) {
            ci = true;
            i = 4;
        }
        if (p.startsWith("(?<!", i) || p.startsWith("(?<=", i)) {
            int e = close(p, i);
            if (e < 0) {
                return false;
            }
            i = e + 1; // a lookbehind consumes nothing: the match still starts here
        }
        if (!bars(p, 0, p.length()).isEmpty()) {
            return false; // an alternative at the top level may start anywhere
        }
        // open groups: each must be mandatory and have no alternative at its own level, except the innermost
        int contentStart = -1;
        int contentEnd = -1;
        while (i < p.length() && p.charAt(i) == '(') {
            int open = i;
            int start;
            if (p.startsWith("(?:", i)) {
                start = i + 3;
            } else if (p.startsWith("(?<", i) && !p.startsWith("(?<=", i) && !p.startsWith("(?<!", i)) {
                int gt = p.indexOf('>', i);
                if (gt < 0) {
                    return false;
                }
                start = gt + 1;
            } else if (!p.startsWith("(?", i)) {
                start = i + 1;
            } else {
                return false; // a lookahead or inline flag first: not understood
            }
            int e = close(p, open);
            if (e < 0 || optional(p, e + 1)) {
                return false;
            }
            if (contentStart >= 0 && !bars(p, contentStart, contentEnd).isEmpty()) {
                return false; // the enclosing group has other alternatives
            }
            contentStart = start;
            contentEnd = e;
            i = start;
        }
        List<int[]> alternatives = new ArrayList<>();
        if (contentStart < 0) {
            alternatives.add(new int[] {i, p.length()});
        } else {
            int a = contentStart;
            for (int bar : bars(p, contentStart, contentEnd)) {
                alternatives.add(new int[] {a, bar});
                a = bar + 1;
            }
            alternatives.add(new int[] {a, contentEnd});
        }
        for (int[] alt : alternatives) {
            String lit = literalPrefix(p, alt[0], alt[1]);
            if (ci) {
                lit = lit.toLowerCase(Locale.ROOT);
            }
            boolean any = false;
            for (String k : keywords) {
                boolean kLower = k.equals(k.toLowerCase(Locale.ROOT));
                // with (?i) a keyword must be lower-case (looked up in the lower-cased text, so any case is found)
                if ((!ci || kLower) && !k.isEmpty() && lit.startsWith(k)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /**
     * Punctuation chars that every match contains: literals outside classes, lookarounds and optional parts, in a
     * pattern without any alternation. Letters are left out (case flags would need care); empty = no promise.
     */
    static String requiredChars(String p) {
        if (p.contains("\\Q") || anyBar(p) || otherFlags(p)) {
            return ""; // quoting, alternatives, or flags such as (?x) that change what a char means
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '[') {
                int e = classEnd(p, i);
                if (e < 0) {
                    return "";
                }
                i = e + 1;
            } else if (c == '(') {
                int e = close(p, i);
                if (e < 0) {
                    return "";
                }
                boolean lookaround = p.startsWith("(?=", i)
                        || p.startsWith("(?!", i)
                        || p.startsWith("(?<=", i)
                        || p.startsWith("(?<!", i);
                if (lookaround || optional(p, e + 1)) {
                    i = e + 1; // its contents are not required
                } else if (p.startsWith("(?:", i)) {
                    i += 3;
                } else if (p.startsWith("(?<", i)) {
                    i = p.indexOf('>', i) + 1;
                } else if (p.startsWith("(?", i)) {
                    i = p.indexOf(')', i) + 1; // inline flags: (?i)
                } else {
                    i++;
                }
            } else if (c == '\\' && i + 1 < p.length()) {
                char x = p.charAt(i + 1);
                if (".-/:@~_#=&%".indexOf(x) >= 0 && !optional(p, i + 2)) {
                    out.append(x);
                }
                i += 2;
            } else {
                if ("-/:@~_#=&%".indexOf(c) >= 0 && !optional(p, i + 1)) {
                    out.append(c);
                }
                i++;
            }
        }
        return out.toString();
    }

    /** A quantifier at i that allows zero repetitions. */
    private static boolean optional(String p, int i) {
        return i < p.length() && (p.charAt(i) == '?' || p.charAt(i) == '*' || p.startsWith("{0", i));
    }

    /** The literal chars an alternative starts with (letters, digits, '_', '-', escaped punctuation). */
    private static String literalPrefix(String p, int from, int to) {
        StringBuilder lit = new StringBuilder();
        int i = from;
        while (i < to) {
            char c = p.charAt(i);
            int len;
            char ch;
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '_' || c == '-') {
                ch = c;
                len = 1;
            } else if (c == '\\' && i + 1 < to && ".-/_:~@".indexOf(p.charAt(i + 1)) >= 0) {
                ch = p.charAt(i + 1);
                len = 2;
            } else {
                break;
            }
            if (i + len < to && "?*+{".indexOf(p.charAt(i + len)) >= 0) {
                break; // a quantified char: not a fixed part of the prefix
            }
            lit.append(ch);
            i += len;
        }
        return lit.toString();
    }

    /** Inline flags other than a leading (?i). */
    private static boolean otherFlags(String p) {
        for (int i = p.indexOf("(?"); i >= 0; i = p.indexOf("(?", i + 2)) {
            if (i + 2 < p.length() && (Character.isLetter(p.charAt(i + 2)) || p.charAt(i + 2) == '-') && i != 0) {
                return true;
            }
            if (i == 0 && !p.startsWith("(?i)") && Character.isLetter(p.charAt(2))) {
                return true;
            }
        }
        return false;
    }

    /** Whether p has a '|' outside classes at any depth. */
    private static boolean anyBar(String p) {
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                int e = classEnd(p, i);
                if (e < 0) {
                    return true;
                }
                i = e;
            } else if (c == '|') {
                return true;
            }
        }
        return false;
    }

    /** Positions of '|' at the level of the group content [from, to). */
    private static List<Integer> bars(String p, int from, int to) {
        List<Integer> out = new ArrayList<>();
        int depth = 0;
        for (int i = from; i < to; i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                int e = classEnd(p, i);
                if (e < 0) {
                    return List.of(-1);
                }
                i = e;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(i);
            }
        }
        return out;
    }

    /** Index of the ')' closing the '(' at open, or -1. */
    private static int close(String p, int open) {
        int depth = 0;
        for (int i = open; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                int e = classEnd(p, i);
                if (e < 0) {
                    return -1;
                }
                i = e;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the ']' closing the class opened at i (Java classes nest: [a-z&&[^b]]), or -1. */
    private static int classEnd(String p, int i) {
        int depth = 0;
        for (int k = i; k < p.length(); k++) {
            char c = p.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == '[') {
                depth++;
                if (k + 1 < p.length() && p.charAt(k + 1) == ']') {
                    k++; // "[]...]": a leading ']' is a literal
                } else if (k + 2 < p.length() && p.charAt(k + 1) == '^' && p.charAt(k + 2) == ']') {
                    k += 2;
                }
            } else if (c == ']' && --depth == 0) {
                return k;
            }
        }
        return -1;
    }
}
