package io.sovereign.gateway.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code models:} section: {@code aliases} maps glob patterns of model names that tools send by default
 * (Codex CLI's {@code gpt-5-codex}, Claude Code's {@code claude-opus-5-5}) to a client model name, in file order.
 * Whether each alias resolves to a model the policy offers is {@link PolicyChecks}' business.
 */
final class ModelSection {

    /** Characters of model names, plus the two wildcards. */
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9._:/@+*?-]+");

    private ModelSection() {}

    /** Each alias with its cursor (for the checks' paths). */
    record Entry(Cursor cursor, ModelAlias alias) {}

    static List<Entry> aliases(Cursor models) {
        List<Entry> out = new ArrayList<>();
        if (!models.object(Set.of("aliases"))) {
            return out;
        }
        for (Map.Entry<String, Cursor> e : models.field("aliases").entries()) {
            String pattern = e.getKey();
            Cursor a = e.getValue();
            String model = a.string(true);
            if (!GLOB.matcher(pattern).matches()) {
                a.violation("'" + pattern
                        + "' is not a model name pattern: use letters, digits, '.', '-', '_', ':', '/', '@',"
                        + " '+' and the wildcards * (any characters) and ? (one character)");
            } else if (pattern.chars().allMatch(ch -> ch == '*' || ch == '?')) {
                a.violation("'" + pattern
                        + "' matches every model name, so a mistyped name would never get model_not_found;"
                        + " name part of the model, e.g. 'claude-*'");
            } else if (model != null) {
                out.add(new Entry(a, new ModelAlias(pattern, model)));
            }
        }
        return out;
    }
}
