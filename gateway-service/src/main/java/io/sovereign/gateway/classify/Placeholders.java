package io.sovereign.gateway.classify;

import java.util.Locale;
import java.util.Set;

/** Values that stand in for a secret in docs and templates ("${DB_PASSWORD}", "<password>", "****"). */
final class Placeholders {
    private static final Set<String> WORDS = Set.of(
            "password",
            "passwd",
            "pass",
            "pwd",
            "secret",
            "token",
            "null",
            "none",
            "nil",
            "true",
            "false",
            "undefined",
            "empty",
            "string",
            "str",
            "required",
            "optional",
            "changeme",
            "change_me",
            "redacted",
            "hidden",
            "masked",
            "dummy",
            "placeholder",
            "example",
            "test",
            "user",
            "username",
            "admin",
            "foo",
            "bar",
            "baz",
            "abc",
            "xyz",
            "value",
            "mypassword",
            "my_password",
            "your_password",
            "yourpassword",
            "secretpassword",
            "password123",
            "text",
            "int",
            "bool",
            "boolean",
            "any",
            "char",
            "varchar",
            "bytes",
            "object",
            "required=true",
            "sensitive",
            "env",
            "default");
    private static final String[] FRAGMENTS = {
        "xxx",
        "***",
        "...",
        "${",
        "{{",
        "$(",
        "%(",
        "%s",
        "<",
        ">",
        "your_",
        "your-",
        "yourpass",
        "example",
        "placeholder",
        "redacted",
        "env[",
        "environ",
        "getenv",
        "process.env",
        "secrets.",
        "vault:",
        "[hidden]",
        "[redacted]"
    };

    private Placeholders() {}

    static boolean isPlaceholder(String v) {
        String x = v.toLowerCase(Locale.ROOT);
        if (x.isEmpty() || WORDS.contains(x) || x.startsWith("$") || x.startsWith("%") || x.startsWith("@")) {
            return true;
        }
        for (String f : FRAGMENTS) {
            if (x.contains(f)) {
                return true;
            }
        }
        char c0 = x.charAt(0);
        for (int i = 1; i < x.length(); i++) {
            if (x.charAt(i) != c0) {
                return false;
            }
        }
        return true; // "********", "xxxxxxxx", "00000000"
    }

    /** A template reference that a tool fills in later ("${DB_PASSWORD}", "{{ .Values.pw }}", "<password>", "****"). */
    static boolean isTemplate(String v) {
        String x = v.trim();
        if (x.isEmpty()) {
            return true;
        }
        if ((x.startsWith("${") || x.startsWith("{{") || x.startsWith("$(") || x.startsWith("%("))
                && x.length() <= 64
                && (x.endsWith("}") || x.endsWith(")") || x.endsWith(")s"))) {
            return true;
        }
        if (x.startsWith("<") && x.endsWith(">")
                || x.startsWith("$") && x.chars().allMatch(c -> c == '$' || c == '_' || Character.isLetterOrDigit(c))) {
            return true; // <password>, $DB_PASSWORD
        }
        char c0 = x.charAt(0);
        return (c0 == '*' || c0 == 'x' || c0 == 'X' || c0 == '.') && x.chars().allMatch(c -> c == c0);
    }

    /** v with its template segments ("${X}", "{{ x }}") removed, bounded to 64 chars a segment. */
    static String withoutTemplates(String v) {
        StringBuilder b = new StringBuilder(v.length());
        int i = 0;
        while (i < v.length()) {
            boolean dollar = v.startsWith("${", i);
            boolean braces = v.startsWith("{{", i);
            if (dollar || braces) {
                int close = v.indexOf(dollar ? "}" : "}}", i + 2);
                if (close > 0 && close - i <= 64) {
                    i = close + (dollar ? 1 : 2);
                    continue;
                }
            }
            b.append(v.charAt(i++));
        }
        return b.toString();
    }

    /**
     * A secret with a template inside ("Xk9mP2vLq8${SUFFIX}Rt7w"): the literal part alone is long and random
     * enough to be a credential, so the template does not make it a placeholder.
     */
    static boolean literalAroundTemplate(String v) {
        if (v.indexOf("${") < 0 && v.indexOf("{{") < 0) {
            return false;
        }
        String rest = withoutTemplates(v);
        return rest.length() >= 10
                && Entropy.bitsPerChar(rest, 0, rest.length()) >= 3.0
                && Entropy.letterDigitSwitches(rest, 0, rest.length()) >= 2;
    }
}
