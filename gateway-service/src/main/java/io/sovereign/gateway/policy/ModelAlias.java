package io.sovereign.gateway.policy;

import java.util.regex.Pattern;

/**
 * One {@code models.aliases} entry: client model names matching the glob {@code pattern} ({@code *} any run of
 * characters, {@code ?} one character, everything else literal and case-sensitive) are treated as {@code model},
 * a client model name the policy offers ({@code auto} or a target's chat model).
 */
public final class ModelAlias {

    private final String pattern;
    private final String model;
    private final Pattern regex;

    public ModelAlias(String pattern, String model) {
        this.pattern = pattern;
        this.model = model;
        this.regex = glob(pattern);
    }

    /** The glob as written in the policy, e.g. {@code claude-opus-5-5*}. */
    public String pattern() {
        return pattern;
    }

    /** The client model name it resolves to, e.g. {@code auto}. */
    public String model() {
        return model;
    }

    public boolean matches(String name) {
        return name != null && regex.matcher(name).matches();
    }

    @Override
    public String toString() {
        return pattern + " -> " + model;
    }

    /** Whether the pattern has wildcards (a plain name is an exact alias). */
    public boolean wildcard() {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            if (ch == '*' || ch == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(ch == '*' ? ".*" : ".");
            } else {
                literal.append(ch);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
