package io.sovereign.gateway.stream;

import io.sovereign.gateway.classify.Restorer;
import java.util.Arrays;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * For a redact rule with {@code restore: true}: puts the caller's original values back where the answer repeats
 * a placeholder such as {@code [EMAIL_1]}, in a whole answer's {@code message.content} or in a stream's
 * {@code delta.content}. A placeholder split across chunks (or network buffers) is held back until it is whole
 * or proves not to be one; what is held is released in the choice's finishing chunk, or in a chunk of its own
 * before {@code [DONE]}, an error chunk, or the end. One restorer per choice, so {@code n > 1} choices do not mix.
 * The originals never left the gateway; they live only in this response's restorers.
 */
public final class RestoreRedactions implements StreamHandler {

    /** Choice indexes beyond this share the last restorer: an upstream cannot make us allocate by its index. */
    static final int MAX_CHOICES = 128;

    private final Supplier<Restorer> restorers;
    private Restorer[] byChoice = new Restorer[1];
    private JsonNode lastChunk;

    public RestoreRedactions(Supplier<Restorer> restorers) {
        this.restorers = restorers;
    }

    @Override
    public void onEvent(StreamEvent event, Downstream next) {
        if (event.isDone()) {
            flushAll(next);
        } else if (event.kind() == StreamEvent.Kind.DATA && event.json() instanceof ObjectNode json) {
            if (event.isWhole()) {
                restoreWhole(json, event);
            } else if (json.has("error")) {
                flushAll(next);
            } else {
                restoreChunk(json, event);
            }
        }
        next.emit(event);
    }

    @Override
    public void onEnd(StreamEnd end, Downstream next) {
        flushAll(next);
    }

    private void restoreWhole(ObjectNode answer, StreamEvent event) {
        for (JsonNode choice : answer.path("choices")) {
            if (choice.path("message") instanceof ObjectNode message
                    && message.path("content").isString()) {
                String in = message.get("content").stringValue();
                String out = restorers.get().restoreAll(in);
                if (!out.equals(in)) {
                    message.put("content", out);
                    event.changed();
                }
            }
        }
    }

    private void restoreChunk(ObjectNode chunk, StreamEvent event) {
        lastChunk = chunk;
        for (JsonNode c : chunk.path("choices")) {
            if (!(c instanceof ObjectNode choice)) {
                continue;
            }
            int index =
                    Math.min(MAX_CHOICES - 1, Math.max(0, choice.path("index").asInt(0)));
            boolean finishing = choice.path("finish_reason").isString();
            JsonNode content = choice.path("delta").path("content");
            if (content.isString()) {
                Restorer r = restorer(index);
                String in = content.stringValue();
                String out = finishing ? r.feed(in) + r.flush() : r.feed(in);
                if (!out.equals(in)) {
                    ((ObjectNode) choice.get("delta")).put("content", out);
                    event.changed();
                }
            } else if (finishing && index < byChoice.length && byChoice[index] != null) {
                String held = byChoice[index].flush();
                if (!held.isEmpty()) {
                    ObjectNode delta = choice.get("delta") instanceof ObjectNode d ? d : choice.putObject("delta");
                    delta.put("content", held);
                    event.changed();
                }
            }
        }
    }

    /** Releases every choice's held text in one chunk of its own (nothing when nothing is held). */
    private void flushAll(Downstream next) {
        ArrayNode choices = null;
        for (int i = 0; i < byChoice.length; i++) {
            String held = byChoice[i] == null ? "" : byChoice[i].flush();
            if (!held.isEmpty()) {
                if (choices == null) {
                    choices = StreamEvent.JSON.createArrayNode();
                }
                choices.addObject().put("index", i).putObject("delta").put("content", held);
            }
        }
        if (choices == null) {
            return;
        }
        ObjectNode chunk = StreamEvent.JSON.createObjectNode();
        if (lastChunk != null) {
            for (String field : new String[] {"id", "created", "model"}) {
                if (lastChunk.has(field)) {
                    chunk.set(field, lastChunk.get(field));
                }
            }
        }
        chunk.put("object", "chat.completion.chunk");
        chunk.set("choices", choices);
        next.emit(StreamEvent.of(chunk));
    }

    private Restorer restorer(int index) {
        if (index >= byChoice.length) {
            byChoice = Arrays.copyOf(byChoice, Math.max(index + 1, byChoice.length * 2));
        }
        if (byChoice[index] == null) {
            byChoice[index] = restorers.get();
        }
        return byChoice[index];
    }
}
