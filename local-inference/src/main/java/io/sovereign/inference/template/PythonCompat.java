package io.sovereign.inference.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Python string methods for Jinja chat templates, as functions Jinjava can call (py:startswith(x, y)). */
public final class PythonCompat {
    private PythonCompat() {}

    /** The message of the last raise_exception on this thread: Jinjava wraps the exception and drops it. */
    static final ThreadLocal<String> RAISED = new ThreadLocal<>();

    public static Object raiseException(String message) {
        RAISED.set(message);
        throw new ChatTemplate.TemplateException(message);
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static String arg(Object[] args, int i, String fallback) {
        return args != null && args.length > i && args[i] != null ? args[i].toString() : fallback;
    }

    public static boolean startswith(Object s, Object... args) {
        return str(s).startsWith(arg(args, 0, ""));
    }

    public static boolean endswith(Object s, Object... args) {
        return str(s).endsWith(arg(args, 0, ""));
    }

    public static String strip(Object s, Object... args) {
        String chars = arg(args, 0, null);
        return chars == null ? str(s).strip() : rstrip(lstrip(s, chars), chars);
    }

    public static String lstrip(Object s, Object... args) {
        String v = str(s);
        String chars = arg(args, 0, null);
        int i = 0;
        while (i < v.length()
                && (chars == null ? Character.isWhitespace(v.charAt(i)) : chars.indexOf(v.charAt(i)) >= 0)) i++;
        return v.substring(i);
    }

    public static String rstrip(Object s, Object... args) {
        String v = str(s);
        String chars = arg(args, 0, null);
        int i = v.length();
        while (i > 0 && (chars == null ? Character.isWhitespace(v.charAt(i - 1)) : chars.indexOf(v.charAt(i - 1)) >= 0))
            i--;
        return v.substring(0, i);
    }

    /** Python's split: a literal separator (not a regex), or runs of whitespace without one. */
    public static List<String> split(Object s, Object... args) {
        String v = str(s);
        String sep = arg(args, 0, null);
        if (sep == null) {
            String t = v.strip();
            return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
        }
        List<String> parts = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = v.indexOf(sep, from)) >= 0) {
            parts.add(v.substring(from, at));
            from = at + sep.length();
        }
        parts.add(v.substring(from));
        return parts;
    }

    public static String upper(Object s, Object... args) {
        return str(s).toUpperCase();
    }

    public static String lower(Object s, Object... args) {
        return str(s).toLowerCase();
    }

    public static String title(Object s, Object... args) {
        StringBuilder b = new StringBuilder();
        boolean up = true;
        for (char c : str(s).toCharArray()) {
            b.append(up ? Character.toUpperCase(c) : Character.toLowerCase(c));
            up = !Character.isLetter(c);
        }
        return b.toString();
    }

    public static String replace(Object s, Object... args) {
        return str(s).replace(arg(args, 0, ""), arg(args, 1, ""));
    }
}
