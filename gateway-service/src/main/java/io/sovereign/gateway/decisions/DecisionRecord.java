package io.sovereign.gateway.decisions;

import io.sovereign.gateway.openai.RequestParser;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;

/**
 * What the gateway decided for one request and how it went, as the audit line carries it: who, which rule,
 * action, level, detector ids (with how often each fired), target, fallback, revision, tokens, cost, latency, status. Never prompt text (the
 * audit line has none). Built from the audit line itself, so whatever the RECORD stage writes there is what a
 * lookup answers, and the two cannot drift apart. Absent facts (a request refused before DECIDE) are null.
 */
public record DecisionRecord(
        String requestId,
        String clientRequestId,
        String decisionId,
        String time,
        String user,
        String team,
        String auth,
        String endpoint,
        String method,
        String path,
        String requestedModel,
        String model,
        String rule,
        String action,
        String level,
        Map<String, Integer> detectors,
        String target,
        String fallback,
        String policyRevision,
        Long inputTokens,
        Long outputTokens,
        Long costMicroUsd,
        double latencyMs,
        int status,
        String error) {

    public DecisionRecord {
        if (requestId == null || requestId.isEmpty()) {
            throw new IllegalArgumentException("requestId is required");
        }
        detectors = detectors == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(detectors));
    }

    /** Whether the rule's fallback served the request (the decided target failed). */
    public boolean fallbackUsed() {
        return fallback != null;
    }

    /** The record of an audit line written by the RECORD stage (its field names are the contract). */
    public static DecisionRecord fromAuditLine(JsonNode line) {
        return new DecisionRecord(
                text(line, "request_id"),
                text(line, "client_request_id"),
                text(line, "decision_id"),
                text(line, "time"),
                text(line, "user"),
                text(line, "team"),
                text(line, "auth"),
                text(line, "endpoint"),
                text(line, "method"),
                text(line, "path"),
                text(line, "requested_model"),
                text(line, "model"),
                text(line, "rule"),
                text(line, "action"),
                text(line, "level"),
                detectors(line.get("detectors")),
                text(line, "target"),
                text(line, "fallback"),
                text(line, "policy_revision"),
                number(line, "input_tokens"),
                number(line, "output_tokens"),
                number(line, "cost_micro_usd"),
                line.path("latency_ms").asDouble(0),
                line.path("status").asInt(0),
                text(line, "error"));
    }

    /** The lookup API's shape (snake_case, like the audit line); also what the Redis store keeps. */
    public ObjectNode toJson() {
        ObjectNode o = RequestParser.JSON.createObjectNode();
        o.put("request_id", requestId);
        putIf(o, "client_request_id", clientRequestId);
        o.put("decision_id", decisionId);
        o.put("time", time);
        ObjectNode principal = o.putObject("principal");
        principal.put("user", user);
        principal.put("team", team);
        principal.put("auth", auth);
        o.put("endpoint", endpoint);
        o.put("method", method);
        o.put("path", path);
        o.put("requested_model", requestedModel);
        o.put("model", model);
        o.put("rule", rule);
        o.put("action", action);
        o.put("level", level);
        ObjectNode d = o.putObject("detectors");
        detectors.forEach(d::put);
        o.put("target", target);
        o.put("fallback_used", fallbackUsed());
        putIf(o, "fallback", fallback);
        o.put("policy_revision", policyRevision);
        o.put("input_tokens", inputTokens);
        o.put("output_tokens", outputTokens);
        o.put("cost_micro_usd", costMicroUsd);
        o.put("latency_ms", latencyMs);
        o.put("status", status);
        putIf(o, "error", error);
        return o;
    }

    /** Reads {@link #toJson()} back (the Redis store's values). */
    public static DecisionRecord fromJson(JsonNode o) {
        JsonNode p = o.path("principal");
        return new DecisionRecord(
                text(o, "request_id"),
                text(o, "client_request_id"),
                text(o, "decision_id"),
                text(o, "time"),
                text(p, "user"),
                text(p, "team"),
                text(p, "auth"),
                text(o, "endpoint"),
                text(o, "method"),
                text(o, "path"),
                text(o, "requested_model"),
                text(o, "model"),
                text(o, "rule"),
                text(o, "action"),
                text(o, "level"),
                detectors(o.get("detectors")),
                text(o, "target"),
                text(o, "fallback"),
                text(o, "policy_revision"),
                number(o, "input_tokens"),
                number(o, "output_tokens"),
                number(o, "cost_micro_usd"),
                o.path("latency_ms").asDouble(0),
                o.path("status").asInt(0),
                text(o, "error"));
    }

    /** Detector id -> how often it fired; the audit line may hold the map itself (a POJO node) or its JSON. */
    private static Map<String, Integer> detectors(JsonNode node) {
        JsonNode tree = node instanceof POJONode pojo ? RequestParser.JSON.valueToTree(pojo.getPojo()) : node;
        Map<String, Integer> out = new TreeMap<>();
        if (tree != null && tree.isObject()) {
            tree.properties().forEach(e -> out.put(e.getKey(), e.getValue().asInt()));
        } else if (tree != null && tree.isArray()) {
            tree.forEach(id -> out.put(id.asString(), 1));
        }
        return out;
    }

    private static void putIf(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static Long number(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asLong();
    }
}
