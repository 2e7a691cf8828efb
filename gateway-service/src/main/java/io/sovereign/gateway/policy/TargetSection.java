package io.sovereign.gateway.policy;

import io.sovereign.gateway.classify.Modality;
import io.sovereign.gateway.money.Price;
import io.sovereign.gateway.route.ParameterProfile;
import java.math.BigDecimal;
import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code targets:} section's shape: each upstream with its location, URL, model, key, price and profile. */
final class TargetSection {

    private static final Price FREE = new Price(0, 0, 0);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Set<String> KEYS = Set.of(
            "location",
            "url",
            "model",
            "embedding_model",
            "api_key",
            "price",
            "profile",
            "params",
            "max_output_tokens",
            "max_choices",
            "inputs",
            "apis");

    private TargetSection() {}

    static Map<String, Target> parse(Cursor c) {
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
            if (!t.object(KEYS)) {
                t.violation("must be a mapping with location, url and model");
                continue;
            }
            Location location = t.field("location").enumValue(Location.class, true);
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
                out.put(
                        name,
                        new Target(
                                name,
                                location,
                                url,
                                model,
                                embeddingModel,
                                apiKey,
                                price,
                                profile,
                                maxOutput == null ? Target.DEFAULT_MAX_OUTPUT_TOKENS : maxOutput,
                                maxChoices == null ? Target.DEFAULT_MAX_CHOICES : (int) Math.min(128, maxChoices),
                                unavailable,
                                inputs(t.field("inputs"), location),
                                apis(t.field("apis"))));
            } else if (model != null && model.isBlank()) {
                t.field("model").violation("must not be empty");
            }
        }
        if (out.isEmpty() && !c.missing()) {
            c.violation("define at least one target");
        }
        return out;
    }

    private static URI url(Cursor c) {
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

    private static Price price(Cursor c) {
        if (c.missing()
                || !c.object(
                        Set.of("input_per_million_usd", "cached_input_per_million_usd", "output_per_million_usd"))) {
            return FREE;
        }
        BigDecimal in = c.field("input_per_million_usd").decimal(true);
        BigDecimal cached = c.field("cached_input_per_million_usd").decimal(false);
        BigDecimal out = c.field("output_per_million_usd").decimal(true);
        try {
            return Price.ofUsdPerMillion(
                    in == null ? BigDecimal.ZERO : in, cached, out == null ? BigDecimal.ZERO : out);
        } catch (ArithmeticException | IllegalArgumentException e) {
            c.violation("prices have at most 6 decimal places (micro-dollars)");
            return FREE;
        }
    }

    private static ParameterProfile profile(Cursor t, Location location) {
        Cursor p = t.field("profile");
        String name = p.string(false);
        ParameterProfile profile;
        if (name == null) {
            profile = location == Location.ONPREM
                    ? ParameterProfile.OPENAI_COMPATIBLE_LOCAL
                    : ParameterProfile.OPENAI_CHAT;
        } else {
            profile = ParameterProfile.builtIn(name);
            if (profile == null) {
                p.violation("unknown profile '" + name + "' (known: "
                        + String.join(
                                ", ",
                                ParameterProfile.BUILT_IN.stream()
                                        .map(ParameterProfile::name)
                                        .toList()) + ")");
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
            profile = profile.with(
                    rename, new LinkedHashSet<>(params.field("drop").strings()));
        }
        return profile;
    }

    /** {@code inputs: [text, image]}: what the target's model can read; by default per location. */
    private static Set<Modality> inputs(Cursor c, Location location) {
        if (c.missing()) {
            return Target.defaultInputs(location == null ? Location.ONPREM : location);
        }
        Set<Modality> out = EnumSet.noneOf(Modality.class);
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

    /**
     * {@code apis: [chat, responses]}: the wire APIs the target speaks natively; chat completions only by default.
     * Every front-end can bridge to chat completions, so a target must speak it.
     */
    private static Set<Target.Api> apis(Cursor c) {
        if (c.missing()) {
            return Target.DEFAULT_APIS;
        }
        Set<Target.Api> out = EnumSet.noneOf(Target.Api.class);
        boolean bad = false;
        for (String s : c.strings()) {
            Target.Api api = Target.Api.byId(s);
            if (api == null) {
                c.violation("unknown API '" + s + "' (valid: " + String.join(", ", Target.Api.ids()) + ")");
                bad = true;
            } else {
                out.add(api);
            }
        }
        if (!out.contains(Target.Api.CHAT) && !bad) {
            c.violation(
                    "must include chat (every front-end can be bridged to chat completions, so each target speaks it)");
        }
        return out;
    }
}
