package io.sovereign.gateway.classify;

import java.util.Locale;
import java.util.Set;

/** Values that stand in for a secret in docs and templates ("${DB_PASSWORD}", "<password>", "****"). */
final class Placeholders {
    private static final Set<String> WORDS = Set.of("password", "passwd", "pass", "pwd", "secret", "token",
            "null", "none", "nil", "true", "false", "undefined", "empty", "string", "str", "required", "optional",
            "changeme", "change_me", "redacted", "hidden", "masked", "dummy", "placeholder", "example", "test",
            "user", "username", "admin", "foo", "bar", "baz", "abc", "xyz", "value", "mypassword", "my_password",
            "your_password", "yourpassword", "secretpassword", "password123", "text", "int", "bool", "boolean",
            "any", "char", "varchar", "bytes", "object", "required=true", "sensitive", "env", "default");
    private static final String[] FRAGMENTS = {"xxx", "***", "...", "${", "{{", "$(", "%(", "%s", "<", ">",
            "your_", "your-", "yourpass", "example", "placeholder", "redacted", "env[", "environ", "getenv",
            "process.env", "secrets.", "vault:", "[hidden]", "[redacted]"};

    private Placeholders() {
    }

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
        return true;   // "********", "xxxxxxxx", "00000000"
    }
}
