package io.sovereign.gateway.responses;

import io.sovereign.gateway.classify.Attachment;
import io.sovereign.gateway.classify.RequestContent;
import io.sovereign.gateway.classify.RequestText;
import io.sovereign.gateway.classify.TextSegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Responses body a target that speaks the Responses API natively is sent: the caller's request, stateless (the
 * whole conversation as {@code input} items, {@code store: false}, no {@code previous_response_id}), without what
 * stays with the gateway ({@code metadata}), and without what a stateless call cannot replay (reasoning items
 * without {@code encrypted_content}, which only a stored response could resolve; the ids of items the target never
 * stored). Hosted tools stay: the target runs them.
 *
 * <p>Everything of it that is not already a text of the bridged chat tree is classified too
 * ({@link #content}, under {@value #PREFIX}), so what leaves natively has been read exactly as what leaves bridged,
 * and redaction rewrites it the same way ({@link #redact}).
 */
final class StatelessRequest {

    /** Paths of texts only the native body carries (hosted tool settings, item ids, ...), classified beside the rest. */
    static final String PREFIX = "responses-native:";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StatelessRequest() {}

    static ObjectNode of(ObjectNode request, List<JsonNode> conversation) {
        ObjectNode out = request.deepCopy();
        out.remove("previous_response_id");
        out.remove("metadata");
        ArrayNode input = NODES.arrayNode();
        for (JsonNode item : conversation) {
            if (!item.isObject()) {
                input.add(item.deepCopy());
                continue;
            }
            String type = item.path("type").asString("");
            if (type.equals("reasoning") && !item.path("encrypted_content").isString()) {
                continue; // a bridged turn's reasoning (or a stored one): not replayable without the target's store
            }
            ObjectNode copy = ((ObjectNode) item).deepCopy();
            if (item.has("id") && !type.equals("item_reference") && !type.equals("reasoning")) {
                copy.remove(
                        "id"); // the gateway's ids (msg_, fc_): the target, called with store:false, never knew them
            }
            input.add(copy);
        }
        out.set("input", input);
        out.put("store", false);
        return out;
    }

    /** The texts and attachments of {@code stateless} that {@code sent} (the bridged tree's content) does not hold. */
    static RequestContent content(RequestContent sent, ObjectNode stateless) {
        Set<String> texts = new HashSet<>();
        sent.segments().forEach(s -> texts.add(s.text()));
        Set<String> sources = new HashSet<>();
        sent.attachments().forEach(a -> sources.add(a.source()));
        RequestContent own = RequestText.content(stateless);
        List<TextSegment> segments = new ArrayList<>(sent.segments());
        for (TextSegment s : own.segments()) {
            if (texts.add(s.text())) {
                segments.add(new TextSegment(PREFIX + s.path(), s.text()));
            }
        }
        List<Attachment> attachments = new ArrayList<>(sent.attachments());
        for (Attachment a : own.attachments()) {
            if (sources.add(a.source())) {
                attachments.add(a);
            }
        }
        java.util.Set<io.sovereign.gateway.classify.Modality> modalities = java.util.EnumSet.copyOf(sent.modalities());
        modalities.addAll(own.modalities());
        return new RequestContent(segments, attachments, modalities);
    }

    /**
     * {@code stateless} with the redaction applied: its own texts by path, and every value or key it shares with the
     * bridged tree replaced as that text was there ({@code before}: the request's segments as classified).
     */
    static ObjectNode redact(ObjectNode stateless, List<TextSegment> before, List<TextSegment> replaced) {
        Map<String, String> originalByPath = new HashMap<>();
        before.forEach(s -> originalByPath.put(s.path(), s.text()));
        Map<String, String> byText = new HashMap<>();
        List<TextSegment> own = new ArrayList<>();
        for (TextSegment s : replaced) {
            String was = originalByPath.get(s.path());
            if (was == null || was.equals(s.text())) {
                continue;
            }
            if (s.path().startsWith(PREFIX)) {
                own.add(new TextSegment(s.path().substring(PREFIX.length()), s.text()));
            } else {
                byText.put(was, s.text());
            }
        }
        ObjectNode out = stateless.deepCopy();
        if (!own.isEmpty()) {
            RequestText.replace(out, own);
        }
        return byText.isEmpty() ? out : (ObjectNode) replaceShared(out, byText);
    }

    private static JsonNode replaceShared(JsonNode node, Map<String, String> byText) {
        if (node.isString()) {
            String to = byText.get(node.stringValue());
            return to == null ? node : NODES.stringNode(to);
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, replaceShared(a.get(i), byText));
            }
            return a;
        }
        if (node instanceof ObjectNode o) {
            Map<String, JsonNode> entries = new LinkedHashMap<>();
            for (String name : new ArrayList<>(o.propertyNames())) {
                String key = byText.getOrDefault(name, name);
                entries.put(key, replaceShared(o.get(name), byText));
            }
            o.removeAll();
            entries.forEach(o::set);
            return o;
        }
        return node;
    }
}
