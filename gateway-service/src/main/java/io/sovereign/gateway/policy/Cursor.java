package io.sovereign.gateway.policy;

import io.sovereign.gateway.classify.Level;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A position in the parsed YAML tree with its path, reading values strictly: every mistake becomes a
 * violation with its path, and reading goes on so that all violations are reported at once.
 */
final class Cursor {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");

    private final JsonNode node;
    private final String path;
    private final Context ctx;

    /** Shared by all cursors of one parse: the violations found and the environment for {@code ${VAR:default}}. */
    static final class Context {
        final List<String> violations = new ArrayList<>();
        final Function<String, String> env;

        Context(Function<String, String> env) {
            this.env = env;
        }
    }

    Cursor(JsonNode node, String path, Context ctx) {
        this.node = node;
        this.path = path;
        this.ctx = ctx;
    }

    String path() {
        return path;
    }

    boolean missing() {
        return node == null || node.isMissingNode() || node.isNull();
    }

    /** The key is written in the file, even if its value is empty or null. */
    boolean present() {
        return node != null && !node.isMissingNode();
    }

    void violation(String message) {
        ctx.violations.add((path.isEmpty() ? "" : path + ": ") + message);
    }

    Cursor field(String name) {
        JsonNode child = node == null || !node.isObject() ? null : node.get(name);
        return new Cursor(child, path.isEmpty() ? name : path + "." + name, ctx);
    }

    /** Checks that this is a mapping with only the given keys; reports unknown keys. */
    boolean object(Set<String> allowed) {
        if (missing()) {
            return false;
        }
        if (!node.isObject()) {
            violation("must be a mapping");
            return false;
        }
        for (String key : node.propertyNames()) {
            if (!allowed.contains(key)) {
                violation("unknown key '" + key + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        return true;
    }

    /** The entries of a mapping with arbitrary keys (e.g. target names). */
    List<Map.Entry<String, Cursor>> entries() {
        List<Map.Entry<String, Cursor>> out = new ArrayList<>();
        if (missing()) {
            return out;
        }
        if (!node.isObject()) {
            violation("must be a mapping");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(Map.entry(
                    e.getKey(), new Cursor(e.getValue(), (path.isEmpty() ? "" : path + ".") + e.getKey(), ctx)));
        }
        return out;
    }

    List<Cursor> items() {
        List<Cursor> out = new ArrayList<>();
        if (missing()) {
            return out;
        }
        if (!node.isArray()) {
            violation("must be a list");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            out.add(new Cursor(node.get(i), path + "[" + i + "]", ctx));
        }
        return out;
    }

    String string(boolean required) {
        if (missing()) {
            if (required) {
                violation("is required");
            }
            return null;
        }
        if (!node.isValueNode()) {
            violation("must be a string");
            return null;
        }
        return substitute(node.asString());
    }

    List<String> strings() {
        List<String> out = new ArrayList<>();
        if (!missing() && node.isValueNode()) { // a single value is a one-element list
            String s = string(true);
            if (s != null) {
                out.add(s);
            }
            return out;
        }
        for (Cursor item : items()) {
            String s = item.string(true);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    Boolean bool() {
        if (missing()) {
            return null;
        }
        if (!node.isBoolean()) {
            violation("must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    BigDecimal decimal(boolean required) {
        if (missing()) {
            if (required) {
                violation("is required");
            }
            return null;
        }
        try {
            BigDecimal d = node.isNumber()
                    ? node.decimalValue()
                    : new BigDecimal(substitute(node.asString()).trim());
            if (d.signum() < 0) {
                violation("must not be negative");
                return null;
            }
            return d;
        } catch (NumberFormatException e) {
            violation("must be a number");
            return null;
        }
    }

    Long positiveLong() {
        BigDecimal d = decimal(false);
        if (d == null) {
            return null;
        }
        if (d.signum() <= 0 || d.stripTrailingZeros().scale() > 0) {
            violation("must be a positive whole number");
            return null;
        }
        return d.longValueExact();
    }

    /** A sensitivity level ({@code public|internal|confidential|restricted}). */
    Level level(boolean required) {
        String s = string(required);
        if (s == null) {
            return null;
        }
        try {
            return Level.parse(s);
        } catch (IllegalArgumentException e) {
            violation(e.getMessage());
            return null;
        }
    }

    /** Enum constants are written in lower case with '-' in the file (e.g. downgrade-to-onprem). */
    <E extends Enum<E>> E enumValue(Class<E> type, boolean required) {
        String s = string(required);
        if (s == null) {
            return null;
        }
        String constant = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(constant)) {
                return e;
            }
        }
        List<String> valid = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            valid.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        violation("unknown value '" + s + "' (valid: " + String.join(", ", valid) + ")");
        return null;
    }

    /** Names of the {@code ${VAR}} variables written in this scalar, e.g. to tell an admin which one to set. */
    List<String> variables() {
        List<String> out = new ArrayList<>();
        if (!missing() && node.isValueNode()) {
            Matcher m = VARIABLE.matcher(node.asString());
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** Expands {@code ${VAR}} and {@code ${VAR:default}}; a variable with neither value nor default is a violation. */
    private String substitute(String raw) {
        if (raw.indexOf("${") < 0) {
            return raw;
        }
        Matcher m = VARIABLE.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = ctx.env.apply(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                violation("environment variable " + m.group(1) + " is not set and has no default (write ${" + m.group(1)
                        + ":default})");
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
