package io.sovereign.gateway.policy;

import io.sovereign.gateway.classify.DetectorSettings;
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.policy.Limits.BudgetLine;
import io.sovereign.gateway.policy.Limits.QuotaLine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a policy file in two phases: the file's shape, section by section (strict: unknown keys, wrong types, unset
 * variables), then the meaning ({@link PolicyChecks}: unknown targets and detectors, unreachable rules, sensitive
 * data that could leave). Every violation is reported with its path, all at once.
 */
public final class PolicyParser {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> SECTIONS =
            Set.of("version", "targets", "sovereignty", "classification", "rules", "quotas", "budgets", "models");

    private final Function<String, String> env;

    public PolicyParser(Function<String, String> env) {
        this.env = env;
    }

    public Policy parse(byte[] bytes) throws PolicyException {
        JsonNode root;
        try {
            root = YAML.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new PolicyException(List.of("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null
                            ? ""
                            : " (line " + e.getLocation().getLineNr() + ")")));
        }
        Cursor.Context ctx = new Cursor.Context(env);
        Cursor top = new Cursor(root, "", ctx);
        if (root == null || !root.isObject()) {
            throw new PolicyException(
                    List.of("the file must be a YAML mapping with version, targets, sovereignty and rules"));
        }
        top.object(SECTIONS);
        Cursor version = top.field("version");
        if (version.missing() || !"1".equals(version.string(true))) {
            version.violation("must be 1");
        }
        // phase 1: each section's shape
        Map<String, Target> targets = TargetSection.parse(top.field("targets"));
        Sovereignty written = sovereignty(top.field("sovereignty"));
        Cursor classification = top.field("classification");
        Map<String, DetectorSettings> parsedDetectors = ClassificationSection.detectors(classification);
        Level uninspectable = ClassificationSection.uninspectable(classification);
        List<RuleSection.Entry> ruleEntries = RuleSection.parse(top.field("rules"));
        List<QuotaLine> quotas = LimitSection.quotas(top.field("quotas"));
        List<BudgetLine> budgets = LimitSection.budgets(top.field("budgets"));
        List<ModelSection.Entry> aliasEntries = ModelSection.aliases(top.field("models"));
        // phase 2: what the sections mean together
        Sovereignty sovereignty = written == null
                ? new Sovereignty(Level.PUBLIC, Sovereignty.OnViolation.DENY, null)
                : PolicyChecks.sovereignty(top.field("sovereignty"), written, targets);
        Map<String, DetectorSettings> detectors = PolicyChecks.detectors(classification, parsedDetectors);
        List<Rule> rules = PolicyChecks.rules(top.field("rules"), ruleEntries, targets, detectors, sovereignty);
        List<ModelAlias> aliases = PolicyChecks.aliases(aliasEntries, targets);
        if (!ctx.violations.isEmpty()) {
            throw new PolicyException(ctx.violations);
        }
        return new Policy(
                revision(bytes), targets, sovereignty, detectors, rules, quotas, budgets, uninspectable, aliases);
    }

    static String revision(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code sovereignty:} section as written (reroute_to unchecked and possibly null); null when it is missing. */
    private static Sovereignty sovereignty(Cursor c) {
        if (!c.object(Set.of("external_max_level", "on_violation", "reroute_to"))) {
            c.violation("is required: say which level may leave the building (external_max_level)");
            return null;
        }
        Level ceiling = c.field("external_max_level").level(true);
        Cursor onViolation = c.field("on_violation");
        Sovereignty.OnViolation action = onViolation.missing()
                ? Sovereignty.OnViolation.REROUTE_ONPREM
                : onViolation.enumValue(Sovereignty.OnViolation.class, true);
        return new Sovereignty(
                ceiling == null ? Level.PUBLIC : ceiling,
                action == null ? Sovereignty.OnViolation.DENY : action,
                c.field("reroute_to").string(false));
    }
}
