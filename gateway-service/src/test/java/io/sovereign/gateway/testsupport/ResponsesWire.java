package io.sovereign.gateway.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The Responses API's wire objects as {@link OpenAiStub} answers them: a response, its items and events. */
final class ResponsesWire {

    private ResponsesWire() {}

    static ObjectNode response(
            String name, int promptTokens, String model, String status, String text, int outputTokens) {
        ObjectNode r = OpenAiStub.JSON
                .createObjectNode()
                .put("id", "resp_stub_" + name)
                .put("object", "response")
                .put("created_at", 1764000000)
                .put("status", status)
                .put("model", model)
                .put("store", false)
                .putNull("previous_response_id")
                .putNull("error")
                .putNull("incomplete_details")
                .put("parallel_tool_calls", true)
                .put("tool_choice", "auto");
        r.putArray("tools");
        r.putObject("metadata");
        r.putObject("text").putObject("format").put("type", "text");
        ArrayNode output = r.putArray("output");
        if (text != null) {
            output.add(message(name, text, "completed"));
        }
        if (status.equals("completed")) {
            ObjectNode u = r.putObject("usage");
            u.put("input_tokens", promptTokens);
            u.putObject("input_tokens_details").put("cached_tokens", 0);
            u.put("output_tokens", outputTokens);
            u.putObject("output_tokens_details").put("reasoning_tokens", 0);
            u.put("total_tokens", promptTokens + outputTokens);
        } else {
            r.putNull("usage");
        }
        return r;
    }

    static ObjectNode message(String name, String text, String status) {
        ObjectNode m = OpenAiStub.JSON
                .createObjectNode()
                .put("type", "message")
                .put("id", "msg_stub_" + name)
                .put("status", status)
                .put("role", "assistant");
        ArrayNode content = m.putArray("content");
        if (text != null) {
            content.add(textPart(text));
        }
        return m;
    }

    static ObjectNode textPart(String text) {
        ObjectNode p =
                OpenAiStub.JSON.createObjectNode().put("type", "output_text").put("text", text);
        p.putArray("annotations");
        return p;
    }

    /** The text of the last user message among Responses input items (a string input is one). */
    static String lastUserText(JsonNode input) {
        if (input.isString()) {
            return input.stringValue();
        }
        String last = "";
        for (JsonNode item : input) {
            if (!"user".equals(item.path("role").asString(""))) {
                continue;
            }
            JsonNode content = item.path("content");
            if (content.isString()) {
                last = content.stringValue();
            } else {
                StringBuilder b = new StringBuilder();
                content.forEach(p -> b.append(p.path("text").asString("")));
                last = b.toString();
            }
        }
        return last;
    }

    static void named(OutputStream out, ObjectNode event, int[] seq) throws IOException {
        event.put("sequence_number", seq[0]++);
        out.write(("event: " + event.path("type").asString() + "\ndata: " + event + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
