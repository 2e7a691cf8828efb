package io.sovereign.gateway.policy;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.sovereign.gateway.budget.MicroUsd;
import io.sovereign.gateway.budget.Price;
import io.sovereign.gateway.classify.ClassifierBudget;
import io.sovereign.gateway.classify.ClassifierSettings;
import io.sovereign.gateway.classify.DetectorKind;
import io.sovereign.gateway.classify.DetectorSettings;
import io.sovereign.gateway.classify.TokenRule;
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.classify.Modality;
import io.sovereign.gateway.openai.Endpoint;
import io.sovereign.gateway.policy.Limits.BudgetLine;
import io.sovereign.gateway.policy.Limits.OnExhausted;
import io.sovereign.gateway.policy.Limits.QuotaLine;
import io.sovereign.gateway.policy.Limits.Scope;
import io.sovereign.gateway.policy.Rule.Action;
import io.sovereign.gateway.policy.Rule.Condition;
import io.sovereign.gateway.route.ParameterProfile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a policy file in two phases: the file's shape (strict: unknown keys, wrong types, unset
 * variables), then the meaning (unknown targets and detectors, unreachable rules, sensitive data that
 * could leave). Every violation is reported with its path, all at once.
 */
public final class PolicyParser {

    private static final Price FREE = new Price(0, 0, 0);
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

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
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
        }
        Cursor.Context ctx = new Cursor.Context(env);
        Cursor top = new Cursor(root, "", ctx);
        if (root == null || !root.isObject()) {
            throw new PolicyException(List.of("the file must be a YAML mapping with version, targets, sovereignty and rules"));
        }
        top.object(Set.of("version", "targets", "sovereignty", "classification", "rules", "quotas", "budgets"));
        Cursor version = top.field("version");
        if (version.missing() || !"1".equals(version.string(true))) {
            version.violation("must be 1");
        }
        Map<String, Target> targets = targets(top.field("targets"));
        Sovereignty sovereignty = sovereignty(top.field("sovereignty"), targets);
        Map<String, DetectorSettings> detectors = detectors(top.field("classification"));
        Level uninspectable = uninspectable(top.field("classification"), detectors);
        List<Rule> rules = rules(top.field("rules"), targets, detectors, sovereignty);
        List<QuotaLine> quotas = quotas(top.field("quotas"));
        List<BudgetLine> budgets = budgets(top.field("budgets"));
        if (!ctx.violations.isEmpty()) {
            throw new PolicyException(ctx.violations);
        }
        return new Policy(revision(bytes), targets, sovereignty, detectors, rules, quotas, budgets, uninspectable);
    }

    static String revision(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Target> targets(Cursor c) {
        Map<String, Target> out = new LinkedHashMap<>();
        if (c.missing()) {
            c.violation("is required: define at least one target");
            return out;
        }
        for (Map.Entry<String, Cursor> e : c.entries()) {
            String name = e.getKey();
            Cursor t = e.getValue();
            if (!NAME.matcher(name).matches()) {
                t.violation("target names use lower-case letters, digits and '-'");
            }
            if (!t.object(Set.of("location", "url", "model", "embedding_model", "api_key", "price", "profile", "params", "max_output_tokens",
                    "max_choices", "inputs"))) {
                t.violation("must be a mapping with location, url and model");
                continue;
            }
            Location location = enumValue(t.field("location"), Location.class, true);
            URI url = url(t.field("url"));
            String model = t.field("model").string(true);
            String embeddingModel = t.field("embedding_model").string(false);
            Cursor keyCursor = t.field("api_key");
            String apiKey = keyCursor.string(false);
            Price price = price(t.field("price"));
            ParameterProfile profile = profile(t, location);
            Long maxOutput = t.field("max_output_tokens").positiveLong();
            Long maxChoices = t.field("max_choices").positiveLong();
            if (maxChoices != null && maxChoices > 128) {
                t.field("max_choices").violation("must be at most 128");
            }
            String unavailable = null;
            // an external target without its key would only answer 401s; an on-prem server may run without one
            // (local-inference does unless --api-key is set), so an empty on-prem key means: send none
            if (keyCursor.present() && (apiKey == null || apiKey.isBlank()) && location != Location.ONPREM) {
                List<String> vars = keyCursor.variables();
                unavailable = "target '" + name + "' has no API key configured ("
                        + (vars.isEmpty() ? "set " + keyCursor.path() : "set " + String.join(" or ", vars)) + ")";
            }
            if (location != null && url != null && model != null && !model.isBlank()) {
                out.put(name, new Target(name, location, url, model, embeddingModel, apiKey, price, profile,
                        maxOutput == null ? Target.DEFAULT_MAX_OUTPUT_TOKENS : maxOutput,
                        maxChoices == null ? Target.DEFAULT_MAX_CHOICES : (int) Math.min(128, maxChoices), unavailable,
                        inputs(t.field("inputs"), location)));
            } else if (model != null && model.isBlank()) {
                t.field("model").violation("must not be empty");
            }
        }
        if (out.isEmpty() && !c.missing()) {
            c.violation("define at least one target");
        }
        return out;
    }

    private URI url(Cursor c) {
        String s = c.string(true);
        if (s == null) {
            return null;
        }
        try {
            URI uri = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                c.violation("must be an http(s) URL with a host, e.g. http://localhost:8000/v1 (got '" + s + "')");
                return null;
            }
            return uri;
        } catch (IllegalArgumentException e) {
            c.violation("is not a valid URL: '" + s + "'");
            return null;
        }
    }

    private Price price(Cursor c) {
        if (c.missing() || !c.object(Set.of("input_per_million_usd", "cached_input_per_million_usd", "output_per_million_usd"))) {
            return FREE;
        }
        BigDecimal in = c.field("input_per_million_usd").decimal(true);
        BigDecimal cached = c.field("cached_input_per_million_usd").decimal(false);
        BigDecimal out = c.field("output_per_million_usd").decimal(true);
        try {
            return Price.ofUsdPerMillion(in == null ? BigDecimal.ZERO : in, cached, out == null ? BigDecimal.ZERO : out);
        } catch (ArithmeticException | IllegalArgumentException e) {
            c.violation("prices have at most 6 decimal places (micro-dollars)");
            return FREE;
        }
    }

    private ParameterProfile profile(Cursor t, Location location) {
        Cursor p = t.field("profile");
        String name = p.string(false);
        ParameterProfile profile;
        if (name == null) {
            profile = location == Location.ONPREM ? ParameterProfile.OPENAI_COMPATIBLE_LOCAL : ParameterProfile.OPENAI_CHAT;
        } else {
            profile = ParameterProfile.builtIn(name);
            if (profile == null) {
                p.violation("unknown profile '" + name + "' (known: "
                        + String.join(", ", ParameterProfile.BUILT_IN.stream().map(ParameterProfile::name).toList()) + ")");
                profile = ParameterProfile.OPENAI_CHAT;
            }
        }
        Cursor params = t.field("params");
        if (params.object(Set.of("rename", "drop"))) {
            Map<String, String> rename = new LinkedHashMap<>();
            for (Map.Entry<String, Cursor> e : params.field("rename").entries()) {
                String to = e.getValue().string(true);
                if (to != null) {
                    rename.put(e.getKey(), to);
                }
            }
            profile = profile.with(rename, new LinkedHashSet<>(params.field("drop").strings()));
        }
        return profile;
    }

    private Sovereignty sovereignty(Cursor c, Map<String, Target> targets) {
        if (!c.object(Set.of("external_max_level", "on_violation", "reroute_to"))) {
            c.violation("is required: say which level may leave the building (external_max_level)");
            return new Sovereignty(Level.PUBLIC, Sovereignty.OnViolation.DENY, null);
        }
        Level ceiling = level(c.field("external_max_level"), true);
        Cursor onViolation = c.field("on_violation");
        Sovereignty.OnViolation action = onViolation.missing() ? Sovereignty.OnViolation.REROUTE_ONPREM
                : enumValue(onViolation, Sovereignty.OnViolation.class, true);
        Cursor rerouteCursor = c.field("reroute_to");
        String reroute = rerouteCursor.string(false);
        if (reroute == null) {
            reroute = targets.values().stream().filter(t -> !t.external()).map(Target::name).findFirst().orElse(null);
            if (reroute == null && action == Sovereignty.OnViolation.REROUTE_ONPREM) {
                c.violation("on_violation is reroute-onprem but no target has location onprem");
            }
        } else if (!targets.containsKey(reroute)) {
            rerouteCursor.violation("unknown target '" + reroute + "'");
        } else if (targets.get(reroute).external()) {
            rerouteCursor.violation("target '" + reroute + "' is external; sensitive traffic can only be re-routed on-prem");
        }
        return new Sovereignty(ceiling == null ? Level.PUBLIC : ceiling,
                action == null ? Sovereignty.OnViolation.DENY : action, reroute);
    }

    private Map<String, DetectorSettings> detectors(Cursor c) {
        Map<String, DetectorSettings> out = new LinkedHashMap<>();
        if (!c.object(Set.of("detectors", "uninspectable"))) {
            return out;
        }
        for (Map.Entry<String, Cursor> e : c.field("detectors").entries()) {
            String id = e.getKey();
            Cursor d = e.getValue();
            if (!d.object(Set.of("level", "terms", "threshold", "examples", "allow", "allow_domains", "max_tokens", "timeout_ms", "model",
                    "regions", "rules"))) {
                d.violation("must be a mapping with at least a level");
                continue;
            }
            Level level = level(d.field("level"), true);
            List<String> terms = d.field("terms").strings();
            List<String> examples = d.field("examples").strings();
            BigDecimal threshold = d.field("threshold").decimal(false);
            Long maxTokens = d.field("max_tokens").positiveLong();
            Long timeoutMs = d.field("timeout_ms").positiveLong();
            Cursor domains = d.field("allow_domains");
            var kind = DetectorKind.resolve(id, !terms.isEmpty(), !examples.isEmpty());
            if (kind.isEmpty()) {
                d.violation("unknown detector '" + id + "' (built in: " + String.join(", ", DetectorKind.BUILTIN_IDS)
                        + "; or give it terms: for a dictionary or examples: for semantic topics)");
                continue;
            }
            if (level == null) {
                continue;
            }
            DetectorSettings settings = new DetectorSettings(id, kind.get(), level, terms,
                    threshold == null ? null : threshold.doubleValue(), examples, d.field("allow").strings(),
                    domains.missing() ? null : domains.strings(),
                    maxTokens == null ? null : (int) Math.min(Integer.MAX_VALUE, maxTokens),
                    timeoutMs == null ? null : (int) Math.min(Integer.MAX_VALUE, timeoutMs), d.field("model").string(false),
                    d.field("regions").missing() ? null : d.field("regions").strings(), tokenRules(d.field("rules")));
            List<String> problems = settings.problems();
            for (String problem : problems) {     // "threshold: must be ..." -> path ...topics.threshold
                int k = problem.indexOf(": ");
                if (k > 0 && problem.substring(0, k).indexOf(' ') < 0) {
                    d.field(problem.substring(0, k)).violation(problem.substring(k + 2));
                } else {
                    d.violation(problem);
                }
            }
            if (problems.isEmpty()) {
                out.put(id, settings);
            }
        }
        return out;
    }

    /** A secret detector's own token rules: [{id, pattern, keywords, entropy, kind}]. */
    private List<TokenRule> tokenRules(Cursor c) {
        List<TokenRule> out = new ArrayList<>();
        if (c.missing()) {
            return out;
        }
        for (Cursor r : c.items()) {
            if (!r.object(Set.of("id", "kind", "pattern", "keywords", "entropy"))) {
                r.violation("must be a mapping with id, pattern and keywords");
                continue;
            }
            BigDecimal entropy = r.field("entropy").decimal(false);
            out.add(new TokenRule(r.field("id").string(true), r.field("kind").string(false),
                    r.field("pattern").string(true), r.field("keywords").strings(),
                    entropy == null ? null : entropy.doubleValue()));
        }
        return out;
    }

    /**
     * {@code classification.uninspectable: { level: confidential }}: the level of content the classifier cannot
     * read (images, audio, archives, undecodable data); confidential when not given, so it stays in the building
     * unless an admin decides otherwise. Also refuses detector ids the classifier uses for its own findings.
     */
    private static Level uninspectable(Cursor classification, Map<String, DetectorSettings> detectors) {
        for (String id : detectors.keySet()) {
            if (ClassifierBudget.reserved(id)) {
                classification.field("detectors").field(id).violation("'" + id + "' is reserved for the gateway's own"
                        + " findings (" + ClassifierBudget.UNINSPECTABLE + ", " + ClassifierBudget.PREFIX + "*); pick another id");
            }
        }
        Cursor u = classification.field("uninspectable");
        if (u.missing()) {
            return ClassifierSettings.DEFAULT_UNINSPECTABLE;
        }
        if (!u.object(Set.of("level"))) {
            u.violation("must be a mapping like { level: confidential }");
            return ClassifierSettings.DEFAULT_UNINSPECTABLE;
        }
        Level level = level(u.field("level"), true);
        return level == null ? ClassifierSettings.DEFAULT_UNINSPECTABLE : level;
    }

    /** {@code inputs: [text, image]}: what the target's model can read; by default per location. */
    private static Set<Modality> inputs(Cursor c, Location location) {
        if (c.missing()) {
            return Target.defaultInputs(location == null ? Location.ONPREM : location);
        }
        Set<Modality> out = java.util.EnumSet.noneOf(Modality.class);
        boolean bad = false;
        for (String s : c.strings()) {
            Modality m = Modality.parse(s);
            if (m == null) {
                c.violation("unknown input '" + s + "' (valid: text, image, audio, file)");
                bad = true;
            } else {
                out.add(m);
            }
        }
        if (!out.contains(Modality.TEXT) && !bad) {
            c.violation("must include text");
        }
        return out;
    }

    private List<Rule> rules(Cursor c, Map<String, Target> targets, Map<String, DetectorSettings> detectors, Sovereignty sovereignty) {
        List<Rule> out = new ArrayList<>();
        if (c.missing()) {
            c.violation("is required: at least one rule (a last rule without 'when' catches everything)");
            return out;
        }
        Set<String> names = new HashSet<>();
        String catchAll = null;
        // the highest level that can still reach a rule: earlier rules with only level_at_least catch everything above
        Level maxReaching = Level.RESTRICTED;
        for (Cursor r : c.items()) {
            if (!r.object(Set.of("name", "when", "route", "fallback", "deny", "redact", "restore", "allow_external"))) {
                r.violation("must be a mapping with a name and one of route, deny or redact");
                continue;
            }
            String name = r.field("name").string(true);
            if (name != null && !names.add(name)) {
                r.field("name").violation("duplicate rule name '" + name + "'");
            }
            if (catchAll != null) {
                r.violation("unreachable: rule '" + catchAll + "' before it matches every request");
            }
            Condition when = condition(r.field("when"), targets, detectors);
            Action action = action(r, targets);
            boolean allowExternal = Boolean.TRUE.equals(r.field("allow_external").bool());
            if (action != null && name != null) {
                checkSovereignty(r, action, targets, sovereignty, maxReaching, allowExternal);
                out.add(new Rule(name, when, action, allowExternal));
            }
            if (when.onlyLevel()) {
                if (when.levelAtLeast() == null || when.levelAtLeast() == Level.PUBLIC) {
                    catchAll = name == null ? r.path() : name;
                } else if (when.levelAtLeast().ordinal() - 1 < maxReaching.ordinal()) {
                    maxReaching = Level.values()[when.levelAtLeast().ordinal() - 1];
                }
            }
        }
        if (catchAll == null && !out.isEmpty()) {
            c.violation("the last rule must match every request (a rule without 'when'), so that no request is left without a decision");
        }
        return out;
    }

    private void checkSovereignty(Cursor r, Action action, Map<String, Target> targets, Sovereignty sovereignty,
                                  Level maxReaching, boolean allowExternal) {
        if (allowExternal || sovereignty.mayLeave(maxReaching)) {
            return;
        }
        List<String> external = new ArrayList<>();
        if (action instanceof Rule.Route route) {
            addIfExternal(external, targets, route.target());
            addIfExternal(external, targets, route.fallback());
        }
        // a redact rule sends the redacted request, which is classified again and held to the ceiling at run
        // time (a codename or topic that redaction cannot remove is re-routed or refused), so it needs no waiver
        if (!external.isEmpty()) {
            r.violation("could send " + maxReaching.wire() + " data to external target(s) " + external
                    + " above the external ceiling '" + sovereignty.externalMaxLevel().wire()
                    + "'; put a rule with level_at_least above the ceiling before it, or say allow_external: true"
                    + " (the gateway still re-routes or refuses such requests at run time)");
        }
    }

    private static void addIfExternal(List<String> out, Map<String, Target> targets, String name) {
        Target t = name == null ? null : targets.get(name);
        if (t != null && t.external()) {
            out.add(name);
        }
    }

    private Condition condition(Cursor w, Map<String, Target> targets, Map<String, DetectorSettings> detectors) {
        if (!w.object(Set.of("level_at_least", "detectors", "teams", "groups", "roles", "models", "endpoints"))) {
            return Condition.ALWAYS;
        }
        Level level = level(w.field("level_at_least"), false);
        Set<String> dets = new LinkedHashSet<>(w.field("detectors").strings());
        for (String d : dets) {
            if (!detectors.containsKey(d) && !ClassifierBudget.reserved(d)) {
                w.field("detectors").violation("unknown detector '" + d + "' (configure it under classification.detectors)");
            }
        }
        Set<String> models = new LinkedHashSet<>(w.field("models").strings());
        Set<String> knownModels = new HashSet<>(Set.of("auto"));
        targets.values().forEach(t -> {
            knownModels.add(t.model());
            if (t.embeddingModel() != null) {
                knownModels.add(t.embeddingModel());
            }
        });
        for (String m : models) {
            if (!knownModels.contains(m)) {
                w.field("models").violation("unknown model '" + m + "' (clients may ask for: " + String.join(", ", knownModels.stream().sorted().toList()) + ")");
            }
        }
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        Cursor ec = w.field("endpoints");
        for (String e : ec.strings()) {
            Endpoint endpoint = Endpoint.byId(e);
            if (endpoint == null) {
                ec.violation("unknown endpoint '" + e + "' (known: chat.completions, embeddings)");
            } else {
                endpoints.add(endpoint);
            }
        }
        return new Condition(level, dets, new LinkedHashSet<>(w.field("teams").strings()),
                new LinkedHashSet<>(w.field("groups").strings()), new LinkedHashSet<>(w.field("roles").strings()),
                models, endpoints);
    }

    private Action action(Cursor r, Map<String, Target> targets) {
        Cursor route = r.field("route");
        Cursor deny = r.field("deny");
        Cursor redact = r.field("redact");
        int count = (route.missing() ? 0 : 1) + (deny.missing() ? 0 : 1) + (redact.missing() ? 0 : 1);
        if (count != 1) {
            r.violation("needs exactly one action: route: TARGET, deny: MESSAGE or redact: TARGET");
            return null;
        }
        Cursor fallbackCursor = r.field("fallback");
        String fallback = targetRef(fallbackCursor, targets, false);
        Boolean restore = r.field("restore").bool();
        if (!deny.missing()) {
            if (!fallbackCursor.missing() || restore != null) {
                r.violation("a deny rule takes no fallback or restore");
            }
            String message = deny.string(true);
            return message == null ? null : new Rule.Deny(message);
        }
        if (!route.missing()) {
            if (restore != null) {
                r.field("restore").violation("only redact rules restore values");
            }
            String target = targetRef(route, targets, true);
            if (target != null && target.equals(fallback)) {
                fallbackCursor.violation("is the same target as the route");
            }
            return target == null ? null : new Rule.Route(target, fallback);
        }
        String target = targetRef(redact, targets, true);
        return target == null ? null : new Rule.Redact(target, fallback, Boolean.TRUE.equals(restore));
    }

    private static String targetRef(Cursor c, Map<String, Target> targets, boolean required) {
        String name = c.string(required);
        if (name != null && !targets.containsKey(name)) {
            c.violation("unknown target '" + name + "' (defined: " + String.join(", ", targets.keySet()) + ")");
            return null;
        }
        return name;
    }

    private List<QuotaLine> quotas(Cursor c) {
        List<QuotaLine> out = new ArrayList<>();
        for (Cursor q : c.items()) {
            if (!q.object(Set.of("who", "name", "requests_per_minute", "tokens_per_minute"))) {
                q.violation("must be a mapping like { who: user, requests_per_minute: 60 }");
                continue;
            }
            Scope scope = enumValue(q.field("who"), Scope.class, true);
            String name = q.field("name").string(false);
            Long rpm = q.field("requests_per_minute").positiveLong();
            Long tpm = q.field("tokens_per_minute").positiveLong();
            if (rpm == null && tpm == null) {
                q.violation("give requests_per_minute and/or tokens_per_minute");
            }
            if (scope != null) {
                out.add(new QuotaLine(scope, name == null ? "*" : name, rpm, tpm));
            }
        }
        return out;
    }

    private List<BudgetLine> budgets(Cursor c) {
        List<BudgetLine> out = new ArrayList<>();
        for (Cursor b : c.items()) {
            if (!b.object(Set.of("team", "user", "monthly_usd", "soft_at", "on_exhausted"))) {
                b.violation("must be a mapping like { team: \"*\", monthly_usd: 500 }");
                continue;
            }
            String team = b.field("team").string(false);
            String user = b.field("user").string(false);
            if ((team == null) == (user == null)) {
                b.violation("give exactly one of team: NAME or user: NAME (\"*\" for everyone without a line of their own)");
                continue;
            }
            BigDecimal usd = b.field("monthly_usd").decimal(true);
            Cursor softCursor = b.field("soft_at");
            BigDecimal soft = softCursor.decimal(false);
            if (soft != null && (soft.signum() <= 0 || soft.compareTo(BigDecimal.ONE) >= 0)) {
                softCursor.violation("is a fraction of the budget between 0 and 1 (e.g. 0.8), got " + soft.toPlainString());
                soft = null;
            }
            Cursor onCursor = b.field("on_exhausted");
            OnExhausted on = onCursor.missing() ? OnExhausted.DENY : enumValue(onCursor, OnExhausted.class, true);
            if (usd == null) {
                continue;
            }
            long micros;
            try {
                micros = MicroUsd.fromUsd(usd);
            } catch (ArithmeticException | IllegalArgumentException e) {
                b.field("monthly_usd").violation("has more than 6 decimal places");
                continue;
            }
            out.add(new BudgetLine(team != null ? Scope.TEAM : Scope.USER, team != null ? team : user, micros,
                    soft == null ? null : soft.doubleValue(), on == null ? OnExhausted.DENY : on));
        }
        return out;
    }

    private static Level level(Cursor c, boolean required) {
        String s = c.string(required);
        if (s == null) {
            return null;
        }
        try {
            return Level.parse(s);
        } catch (IllegalArgumentException e) {
            c.violation(e.getMessage());
            return null;
        }
    }

    /** Enum constants are written in lower case with '-' in the file (e.g. downgrade-to-onprem). */
    private static <E extends Enum<E>> E enumValue(Cursor c, Class<E> type, boolean required) {
        String s = c.string(required);
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
        c.violation("unknown value '" + s + "' (valid: " + String.join(", ", valid) + ")");
        return null;
    }
}
