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

        Compiled(TokenRule rule) {
            this.rule = rule;
            this.regex = Pattern.compile(rule.pattern());
            this.named = rule.pattern().contains("(?<secret>");
        }

        void scan(NormalizedText t, Detector.Sink sink) {
            scan(t, new Bigrams(t.lower), sink);
        }

        void scan(NormalizedText t, Bigrams pairs, Detector.Sink sink) {
            if (!rule.keywords().isEmpty()) {
                boolean any = false;
                for (String k : rule.keywords()) {
                    // lower-case keywords match any case; one with an upper-case letter ("SK") only as written
                    if (pairs.mayContain(k)
                            && (k.equals(k.toLowerCase(Locale.ROOT)) ? t.lower.contains(k) : t.text.contains(k))) {
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    return;
                }
            }
            Matcher m = regex.matcher(t.text);
            while (m.find()) {
                int a = named ? m.start("secret") : m.groupCount() >= 1 && m.start(1) >= 0 ? m.start(1) : m.start();
                int e = named ? m.end("secret") : m.groupCount() >= 1 && m.start(1) >= 0 ? m.end(1) : m.end();
                if (rule.entropy() == null || Entropy.bitsPerChar(t.text, a, e) >= rule.entropy()) {
                    sink.hit(rule.kind(), m.start(), m.end());
                }
                if (m.end() == m.start()) {
                    break;
                }
            }
        }
    }
}
