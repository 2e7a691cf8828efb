package io.sovereign.gateway.shadow;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.classify.Modality;
import io.sovereign.gateway.decide.Adjudication;
import io.sovereign.gateway.decide.Adjudicator;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyClassifiers;
import io.sovereign.gateway.policy.RequestFacts;
import io.sovereign.gateway.request.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code policy diff}: replays the decision facts an audit log recorded (never prompt text) against a candidate
 * policy and fills the same {@link ShadowReport} the live shadow does; the live side is what each line recorded.
 * Classification cannot be redone without the text, so the recorded one is used when it was made with the candidate's
 * detectors (the live ones, or the shadow's own if the line was shadowed by this candidate); otherwise, and for a
 * candidate redact rule the live request did not take, the line is replayed on the recorded facts and counted as
 * approximated.
 */
public final class Replay {

    /** What a replay found: the report, and the lines it could not use. */
    public record Result(
            ShadowReport report,
            long replayed,
            long notDecisions,
            long malformed,
            List<String> problems,
            long approximated) {}

    /** At most this many malformed lines are described (all are counted). */
    static final int MAX_PROBLEMS = 10;

    private Replay() {}

    public static Result run(BufferedReader lines, Policy candidate) throws IOException {
        String fingerprint = PolicyClassifiers.fingerprint(candidate);
        ShadowReport report = null;
        long replayed = 0;
        long notDecisions = 0;
        long malformed = 0;
        long approximated = 0;
        List<String> problems = new ArrayList<>();
        String text;
        int number = 0;
        while ((text = lines.readLine()) != null) {
            number++;
            if (text.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = ShadowReport.JSON.readTree(text);
            } catch (JacksonException e) {
                line = null;
            }
            if (line == null || !line.isObject()) {
                malformed++;
                note(problems, number, "not a JSON object");
                continue;
            }
            if (!line.hasNonNull(AuditFacts.CLASSIFIED_LEVEL)) {
                notDecisions++; // admin calls, model lists, requests refused before classification
                continue;
            }
            Replayed r;
            try {
                r = replay(line, candidate, fingerprint);
            } catch (IllegalArgumentException e) {
                malformed++;
                note(problems, number, e.getMessage());
                continue;
            }
            if (report == null) {
                report = new ShadowReport(candidate.revision(), time(line));
            }
            report.add(text(line, "policy_revision"), text(line, "request_id"), r.live, r.candidate, r.costDelta);
            replayed++;
            if (r.approximated) {
                approximated++;
            }
        }
        if (report == null) {
            report = new ShadowReport(candidate.revision(), null);
        }
        return new Result(report, replayed, notDecisions, malformed, List.copyOf(problems), approximated);
    }

    private record Replayed(ShadowSide live, ShadowSide candidate, long costDelta, boolean approximated) {}

    private static Replayed replay(JsonNode line, Policy candidate, String fingerprint) {
        Level classified = level(line, AuditFacts.CLASSIFIED_LEVEL);
        Map<String, Integer> detectors = detectors(line.get("detectors"));
        boolean approximated = false;
        if (!fingerprint.equals(text(line, AuditFacts.CLASSIFIER_REVISION))) {
            if (fingerprint.equals(text(line, AuditFacts.SHADOW_CLASSIFIER_REVISION))
                    && line.hasNonNull(AuditFacts.SHADOW_CLASSIFIED_LEVEL)) {
                classified = level(line, AuditFacts.SHADOW_CLASSIFIED_LEVEL);
                detectors = detectors(line.get(AuditFacts.SHADOW_DETECTORS));
            } else {
                approximated = true; // the candidate's detectors might have seen the text otherwise
            }
        }
        String endpointId = required(line, "endpoint");
        Endpoint endpoint = Endpoint.byId(endpointId);
        if (endpoint == null) {
            throw new IllegalArgumentException("unknown endpoint '" + endpointId + "'");
        }
        String auth = text(line, "auth");
        GatewayPrincipal principal = new GatewayPrincipal(
                required(line, "user"),
                required(line, "team"),
                strings(line.get(AuditFacts.GROUPS)),
                strings(line.get(AuditFacts.ROLES)),
                "oidc".equals(auth) ? GatewayPrincipal.Method.OIDC : GatewayPrincipal.Method.API_KEY);
        ShadowSide live = new ShadowSide(
                text(line, "rule"),
                text(line, AuditFacts.DECIDED_TARGET),
                text(line, AuditFacts.DECIDED_FALLBACK),
                required(line, AuditFacts.DECIDED_ACTION),
                line.hasNonNull("level") ? level(line, "level").wire() : classified.wire());
        RequestFacts facts =
                new RequestFacts(endpoint, required(line, "requested_model"), classified, detectors, principal);
        // a redact rule: the level after redaction is on record only if the live request took the same rule
        boolean sameRedact = ShadowSide.REDACT.equals(live.action());
        Level redacted = sameRedact ? Level.parse(live.level()) : classified;
        Adjudication a = Adjudicator.decideFacts(
                text(line, "request_id"), candidate, facts, modalities(line.get(AuditFacts.INPUTS)), redacted);
        ShadowSide to = ShadowSide.of(a, classified);
        if (ShadowSide.REDACT.equals(to.action()) && !(sameRedact && to.rule().equals(live.rule()))) {
            approximated = true;
        }
        ShadowCost.Tokens tokens = line.hasNonNull("input_tokens")
                ? new ShadowCost.Tokens(
                        number(line, "input_tokens"),
                        number(line, AuditFacts.CACHED_INPUT_TOKENS),
                        number(line, "output_tokens"))
                : new ShadowCost.Tokens(number(line, AuditFacts.PROMPT_TOKENS), 0, 0);
        long delta = ShadowCost.deltaMicros(live, to, candidate, tokens, number(line, "cost_micro_usd"));
        return new Replayed(live, to, delta, approximated);
    }

    private static void note(List<String> problems, int number, String why) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add("line " + number + ": " + why);
        }
    }

    private static Instant time(JsonNode line) {
        try {
            return line.hasNonNull("time") ? Instant.parse(line.get("time").asString()) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static Level level(JsonNode line, String field) {
        String value = required(line, field);
        try {
            return Level.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }

    private static String required(JsonNode line, String field) {
        String v = text(line, field);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? 0 : v.asLong();
    }

    private static Set<String> strings(JsonNode node) {
        Set<String> out = new TreeSet<>();
        if (node != null && node.isArray()) {
            node.forEach(v -> out.add(v.asString()));
        }
        return out;
    }

    private static Set<Modality> modalities(JsonNode node) {
        Set<Modality> out = EnumSet.noneOf(Modality.class);
        if (node == null || !node.isArray()) {
            out.add(Modality.TEXT);
            return out;
        }
        for (JsonNode v : node) {
            Modality m = Modality.parse(v.asString());
            if (m == null) {
                throw new IllegalArgumentException("unknown input kind '" + v.asString() + "'");
            }
            out.add(m);
        }
        return out;
    }

    private static Map<String, Integer> detectors(JsonNode node) {
        Map<String, Integer> out = new TreeMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asInt()));
        } else if (node != null && node.isArray()) {
            node.forEach(id -> out.put(id.asString(), 1));
        } else if (node != null && !node.isNull()) {
            throw new IllegalArgumentException("detectors is neither an object nor a list");
        }
        return out;
    }
}
