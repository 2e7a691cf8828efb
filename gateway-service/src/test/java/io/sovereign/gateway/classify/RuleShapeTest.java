package io.sovereign.gateway.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts {@link RuleShape} allows must find exactly what a plain {@code Matcher.find} over the whole text
 * finds (same kinds, same spans, same order), for every shipped rule, on its own examples and on texts built
 * to put keywords next to each other, inside tokens and at the ends.
 */
class RuleShapeTest {

    /** What the rule reported before RuleShape: find over the whole text once any keyword occurs. */
    private static List<String> plain(TokenRule.Compiled r, NormalizedText t) {
        List<String> out = new ArrayList<>();
        boolean any = r.rule.keywords().isEmpty();
        for (String k : r.rule.keywords()) {
            any |= k.equals(k.toLowerCase(java.util.Locale.ROOT)) ? t.lower.contains(k) : t.text.contains(k);
        }
        if (!any) {
            return out;
        }
        Matcher m = r.regex.matcher(t.text);
        while (m.find()) {
            boolean named = r.rule.pattern().contains("(?<secret>");
            int a = named ? m.start("secret") : m.groupCount() >= 1 && m.start(1) >= 0 ? m.start(1) : m.start();
            int e = named ? m.end("secret") : m.groupCount() >= 1 && m.start(1) >= 0 ? m.end(1) : m.end();
            if (r.rule.entropy() == null || Entropy.bitsPerChar(t.text, a, e) >= r.rule.entropy()) {
                out.add(r.rule.kind() + "@" + m.start() + "-" + m.end());
            }
            if (m.end() == m.start()) {
                break;
            }
        }
        return out;
    }

    private static List<String> fast(TokenRule.Compiled r, NormalizedText t) {
        List<String> out = new ArrayList<>();
        r.scan(t, (k, a, e) -> out.add(k + "@" + a + "-" + e));
        return out;
    }

    private static List<String> texts() {
        List<String> texts = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (TokenRules.Shipped s : TokenRules.shipped()) {
            values.addAll(s.positives());
            values.addAll(s.negatives());
        }
        texts.addAll(values);
        Random rnd = new Random(7);
        String b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/._-~";
        for (int n = 0; n < 400; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < 4; k++) {
                switch (rnd.nextInt(5)) {
                    case 0 -> b.append(values.get(rnd.nextInt(values.size())));
                    case 1 -> b.append(' ');
                    case 2 -> b.append(values.get(rnd.nextInt(values.size())).toUpperCase(java.util.Locale.ROOT));
                    case 3 -> {
                        for (int c = rnd.nextInt(60); c > 0; c--) {
                            b.append(b64.charAt(rnd.nextInt(b64.length())));
                        }
                    }
                    default -> {
                        String v = values.get(rnd.nextInt(values.size()));
                        b.append(v, 0, rnd.nextInt(v.length() + 1)); // a cut-off value glued to the next
                    }
                }
            }
            texts.add(b.toString());
        }
        for (String in : List.of("long-base64", "mixed-ids", "many-keys")) {
            texts.add(DetectorAdversarialBenchmark.input(in).substring(0, 200_000));
        }
        return texts;
    }

    @Test
    void shortcutsFindExactlyWhatFindFinds() {
        List<String> texts = texts();
        int compared = 0;
        for (TokenRule.Compiled r : TokenRules.compiledShipped()) {
            for (String s : texts) {
                NormalizedText t = NormalizedText.of(s);
                assertEquals(plain(r, t), fast(r, t), r.rule.id() + " on '" + abbreviate(s) + "'");
                compared++;
            }
        }
        assertTrue(compared > 10_000);
    }

    @Test
    void anchoredOnlyWhereEveryMatchStartsWithAKeyword() {
        assertTrue(RuleShape.anchored("(?<![A-Za-z0-9])((?:SK|AC)[0-9a-f]{32})(?![A-Za-z0-9])", List.of("SK", "AC")));
        assertTrue(RuleShape.anchored("(?i)(?:datadog|ddog)[\\w .-]{0,30}?", List.of("datadog", "ddog")));
        assertTrue(RuleShape.anchored("acme_[a-z0-9]{32}", List.of("acme_")));
        // a keyword that is context, not the start of the match
        assertFalse(RuleShape.anchored("(?<![A-Za-z0-9_-])([MNO][A-Za-z0-9_-]{23,25})", List.of("discord", "bot")));
        // an alternative without the keyword, an optional prefix, a top-level alternative
        assertFalse(RuleShape.anchored("(key-[0-9a-f]{32}|[0-9a-f]{32})", List.of("key-")));
        assertFalse(RuleShape.anchored("(acme_)?[a-z0-9]{32}", List.of("acme_")));
        assertFalse(RuleShape.anchored("acme_[a-z]{9}|[0-9]{9}", List.of("acme_")));
        assertFalse(RuleShape.anchored("((?:acme|corp)_x|y)", List.of("acme", "corp")));
        // (?i) matches any case; an upper-case keyword is looked up only as written
        assertFalse(RuleShape.anchored("(?i)SK[0-9a-f]{32}", List.of("SK")));
        assertFalse(RuleShape.anchored("\\bacme_[a-z]{9}", List.of("acme_")));
        assertFalse(RuleShape.anchored("a?cme_[a-z]{9}", List.of("acme_")));
    }

    @Test
    void requiredCharsOnlyFromMandatoryLiterals() {
        assertEquals("..", RuleShape.requiredChars("([MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[a-z]{27})"));
        assertEquals("-", RuleShape.requiredChars("(sk-(?!ant-)[A-Za-z0-9_-]{20,255})"));
        assertEquals("", RuleShape.requiredChars("a(?:\\.b)?c"));
        assertEquals("", RuleShape.requiredChars("a\\.?c"));
        assertEquals("", RuleShape.requiredChars("a\\.c|d"));
        assertEquals("", RuleShape.requiredChars("(?x)a # comment"));
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
