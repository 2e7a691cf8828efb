package io.sovereign.gateway.stream;

import io.sovereign.gateway.classify.Restorer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link RestoreRedactions} for an answer in the Responses dialect (a target that speaks it natively): the caller's
 * original values go back where the model repeated a placeholder, in the output text of a whole {@code response},
 * and in a stream's {@code response.output_text.delta} events (one restorer per output text part, so a placeholder
 * split across deltas is held back until it is whole), their {@code .done} event, the finished content part and
 * output item, and the {@code response} of the final event. What a part's restorer still holds goes out as one more
 * delta right before that part's {@code .done} (the last handler renumbers {@code sequence_number}s), or at the end.
 */
public final class RestoreResponsesRedactions implements StreamHandler {

    /** Text parts beyond this share one restorer: an upstream cannot make us allocate by its indexes. */
    static final int MAX_PARTS = 128;

    private final Supplier<Restorer> restorers;
    private final Map<String, Restorer> byPart = new LinkedHashMap<>();
    private final Map<String, ObjectNode> lastDelta = new LinkedHashMap<>();

    public RestoreResponsesRedactions(Supplier<Restorer> restorers) {
        this.restorers = restorers;
    }

    @Override
    public void onEvent(StreamEvent event, Downstream next) {
        if (event.kind() == StreamEvent.Kind.DATA && event.json() instanceof ObjectNode json) {
            if (event.isWhole()) {
                if (restoreResponse(json)) {
                    event.changed();
                }
            } else {
                onStreamEvent(json, event, next);
            }
        }
        next.emit(event);
    }

    private void onStreamEvent(ObjectNode json, StreamEvent event, Downstream next) {
        String type = json.path("type").asString("");
        boolean changed = false;
        switch (type) {
            case "response.output_text.delta" -> {
                if (json.path("delta").isString()) {
                    String key = part(json);
                    Restorer r = byPart.computeIfAbsent(key, k -> restorers.get());
                    lastDelta.put(key, json);
                    String in = json.get("delta").stringValue();
                    String out = r.feed(in);
                    if (!out.equals(in)) {
                        json.put("delta", out);
                        changed = true;
                    }
                }
            }
            case "response.output_text.done" -> {
                release(part(json), next);
                changed = restoreField(json, "text");
            }
            case "response.content_part.done" -> changed = json.get("part") instanceof ObjectNode p && restorePart(p);
            case "response.output_item.done" -> changed = json.get("item") instanceof ObjectNode i && restoreItem(i);
            case "error" -> releaseAll(next);
            default -> {
                if (json.get("response") instanceof ObjectNode r) {
                    if (type.equals("response.completed")
                            || type.equals("response.incomplete")
                            || type.equals("response.failed")) {
                        releaseAll(next);
                    }
                    changed = restoreResponse(r);
                } else if (json.has("error") && !json.has("type")) {
                    releaseAll(next); // the gateway's own error chunk (an idle timeout)
                }
            }
        }
        if (changed) {
            event.changed();
        }
    }

    @Override
    public void onEnd(StreamEnd end, Downstream next) {
        releaseAll(next);
    }

    /** What the part's restorer holds, as one more delta of that part (nothing when it holds nothing). */
    private void release(String key, Downstream next) {
        Restorer r = byPart.remove(key);
        ObjectNode last = lastDelta.remove(key);
        if (r == null || last == null) {
            return;
        }
        String held = r.flush();
        if (!held.isEmpty()) {
            ObjectNode delta = last.deepCopy();
            delta.put("delta", held);
            next.emit(StreamEvent.of("response.output_text.delta", delta));
        }
    }

    private void releaseAll(Downstream next) {
        for (String key : java.util.List.copyOf(byPart.keySet())) {
            release(key, next);
        }
    }

    private static String part(JsonNode event) {
        int output = Math.min(MAX_PARTS, Math.max(0, event.path("output_index").asInt(0)));
        int content =
                Math.min(MAX_PARTS, Math.max(0, event.path("content_index").asInt(0)));
        return output + ":" + content;
    }

    private boolean restoreResponse(ObjectNode response) {
        boolean changed = false;
        for (JsonNode item : response.path("output")) {
            if (item instanceof ObjectNode i) {
                changed |= restoreItem(i);
            }
        }
        return changed;
    }

    private boolean restoreItem(ObjectNode item) {
        boolean changed = false;
        for (JsonNode part : item.path("content")) {
            if (part instanceof ObjectNode p) {
                changed |= restorePart(p);
            }
        }
        return changed;
    }

    private boolean restorePart(ObjectNode part) {
        return part.path("type").asString("").equals("output_text") && restoreField(part, "text");
    }

    private boolean restoreField(ObjectNode node, String field) {
        if (!node.path(field).isString()) {
            return false;
        }
        String in = node.get(field).stringValue();
        String out = restorers.get().restoreAll(in);
        if (out.equals(in)) {
            return false;
        }
        node.put(field, out);
        return true;
    }
}
