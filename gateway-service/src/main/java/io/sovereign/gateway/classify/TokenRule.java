package io.sovereign.gateway.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One token format, as data: the shipped ones in {@code classify/token-rules.yaml}, a company's own in the
 * policy ({@code classification.detectors.secret.rules}). The regex runs only on texts that contain one of the
 * keywords (a lower-case keyword matches in any case, one with an upper-case letter only as written; a rule
 * without keywords runs on every text, which only shipped rules may do).
 * The value checked against {@code entropy} (Shannon bits per char) is the named group {@code secret}, else
 * group 1, else the whole match. {@code toString} prints the rule, never a matched value.
 *
 * @param id       rule id, lower-case words with dashes (e.g. {@code gitlab-token})
 * @param kind     the finding kind reported, e.g. {@code GITLAB_TOKEN} (default: the id upper-cased)
 * @param entropy  minimum bits per char of the secret part, or null for none
 */
public record TokenRule(String id, String kind, String pattern, List<String> keywords, Double entropy) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public TokenRule {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        if (kind == null && id != null) {
            kind = id.toUpperCase(Locale.ROOT).replace('-', '_');
        }
    }

    /** Every violation, each prefixed with its field; empty when valid. {@code own}: a policy's rule. */
    public List<String> problems(boolean own) {
        List<String> p = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            p.add("id: must be lower-case letters, digits and dashes, got '" + id + "'");
        }
        if (pattern == null || pattern.isBlank()) {
            p.add("pattern: required (a Java regular expression)");
        } else {
            try {
                if (Pattern.compile(pattern).matcher("").matches()) {
                    p.add("pattern: must not match the empty string");
                }
            } catch (PatternSyntaxException e) {
                p.add("pattern: not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
        if (own && keywords.isEmpty()) {
            p.add(
                    "keywords: give at least one literal that every match contains (the rule runs only where one occurs)");
        }
        for (int i = 0; i < keywords.size(); i++) {
            if (keywords.get(i) == null || keywords.get(i).isBlank()) {
                p.add("keywords[" + i + "]: must not be blank");
            }
        }
        if (entropy != null && (entropy.isNaN() || entropy < 0 || entropy > 8)) {
            p.add("entropy: must be between 0 and 8 bits per char, got " + entropy);
        }
        return p;
    }

    public List<String> problems() {
        return problems(true);
    }

    /** A rule ready to scan with: the compiled pattern and where its secret part is. */
    static final class Compiled {
        final TokenRule rule;
        final Pattern regex;
        private final boolean named;
        private final String[] keywords;
        /** Per keyword: lower-case (matches in any case, looked up in the lower-cased text). */
        private final boolean[] anyCase;

        private final int[][] keywordPairs;

        Compiled(TokenRule rule) {
            this.rule = rule;
            this.regex = Pattern.compile(rule.pattern());
            this.named = rule.pattern().contains("(?<secret>");
            // decided once here, not per keyword per text (that was an allocation per keyword per segment)
            this.keywords = rule.keywords().toArray(new String[0]);
            this.anyCase = new boolean[keywords.length];
            this.keywordPairs = new int[keywords.length][];
            for (int i = 0; i < keywords.length; i++) {
                anyCase[i] = keywords[i].equals(keywords[i].toLowerCase(Locale.ROOT));
                keywordPairs[i] = Bigrams.pairsOf(keywords[i]);
            }
            this.anchored = RuleShape.anchored(rule.pattern(), rule.keywords());
            this.required = RuleShape.requiredChars(rule.pattern());
        }

        /** Every match starts with a keyword: the regex is tried only where one occurs (see RuleShape). */
        final boolean anchored;
        /** Chars every match contains; a text without one of them is skipped. */
        final String required;

        void scan(NormalizedText t, Detector.Sink sink) {
            scan(t, t.bigrams(), sink);
        }

        void scan(NormalizedText t, Bigrams pairs, Detector.Sink sink) {
            if (keywords.length > 0) {
                boolean any = false;
                for (int i = 0; i < keywords.length; i++) {
                    String k = keywords[i];
                    // lower-case keywords match any case; one with an upper-case letter ("SK") only as written
                    if (pairs.mayContain(keywordPairs[i]) && (anyCase[i] ? t.lower.contains(k) : t.text.contains(k))) {
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    return;
                }
            }
            for (int i = 0; i < required.length(); i++) {
                if (t.text.indexOf(required.charAt(i)) < 0) {
                    return;
                }
            }
            Matcher m = regex.matcher(t.text);
            if (anchored) {
                scanAnchored(t, pairs, m, sink);
                return;
            }
            while (m.find()) {
                report(t, m, sink);
                if (m.end() == m.start()) {
                    break;
                }
            }
        }

        /**
         * The matches {@code find} would report, trying the pattern only at keyword occurrences (in order, each
         * search resuming after the previous match, as {@code find} does). Transparent bounds: the lookbehind
         * still sees the text before the occurrence.
         */
        private void scanAnchored(NormalizedText t, Bigrams pairs, Matcher m, Detector.Sink sink) {
            int n = t.text.length();
            m.useTransparentBounds(true).useAnchoringBounds(false);
            int[] next = new int[keywords.length];
            for (int i = 0; i < keywords.length; i++) {
                next[i] = pairs.mayContain(keywordPairs[i]) ? occurrence(t, i, 0) : -1;
            }
            int from = 0;
            while (true) {
                int p = -1;
                for (int x : next) {
                    if (x >= 0 && (p < 0 || x < p)) {
                        p = x;
                    }
                }
                if (p < 0) {
                    return;
                }
                if (p >= from) {
                    m.region(p, n);
                    if (m.lookingAt()) {
                        report(t, m, sink);
                        from = Math.max(m.end(), p + 1);
                    }
                }
                for (int i = 0; i < next.length; i++) {
                    if (next[i] >= 0 && (next[i] == p || next[i] < from)) {
                        next[i] = occurrence(t, i, Math.max(p + 1, from));
                    }
                }
            }
        }

        private int occurrence(NormalizedText t, int keyword, int from) {
            return (anyCase[keyword] ? t.lower : t.text).indexOf(keywords[keyword], from);
        }

        private void report(NormalizedText t, Matcher m, Detector.Sink sink) {
            int a = named ? m.start("secret") : m.groupCount() >= 1 && m.start(1) >= 0 ? m.start(1) : m.start();
            int e = named ? m.end("secret") : m.groupCount() >= 1 && m.start(1) >= 0 ? m.end(1) : m.end();
            if (rule.entropy() == null || Entropy.bitsPerChar(t.text, a, e) >= rule.entropy()) {
                sink.hit(rule.kind(), m.start(), m.end());
            }
        }
    }
}
