package io.sovereign.gateway.messages;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a Messages conversation ({@code system} and {@code messages} with their content blocks) into
 * chat-completions messages. Chat keeps tool results in {@code tool} messages that must directly follow the
 * assistant's {@code tool_calls}, so each user turn becomes its tool messages first, then the rest of its blocks.
 */
final class MessagesContent {

    /** Claude Code's first system block is a billing marker for Anthropic's API, not an instruction to a model. */
    private static final String BILLING_MARKER = "x-anthropic-billing-header:";

    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
    /** Blocks produced by Anthropic's server tools: there is no such tool behind a bridged target. */
    private static final Set<String> SERVER_TOOL_BLOCKS = Set.of(
            "server_tool_use",
            "web_search_tool_result",
            "web_fetch_tool_result",
            "code_execution_tool_result",
            "bash_code_execution_tool_result",
            "text_editor_code_execution_tool_result",
            "tool_search_tool_result",
            "mcp_tool_use",
            "mcp_tool_result",
            "container_upload");

    private static final String SUPPORTED =
            "text, image, document, search_result, tool_use, tool_result, thinking " + "and redacted_thinking";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final List<String> ignored;
    private final ArrayNode out = F.arrayNode();
    private int thinkingBlocks;
    private int serverToolBlocks;
    private int documentLinks;

    MessagesContent(List<String> ignored) {
        this.ignored = ignored;
    }

    ArrayNode translate(JsonNode system, JsonNode messages) {
        if (system != null && !system.isNull()) {
            String text = systemText(system, "system", true);
            if (!text.isEmpty()) {
                out.add(F.objectNode().put("role", "system").put("content", text));
            }
        }
        Set<String> pending = new LinkedHashSet<>(); // tool_use ids of the last assistant turn, still unanswered
        int pendingFrom = -1;
        List<ObjectNode> deferred = new ArrayList<>(); // system turns that arrived between a tool call and its result
        for (int i = 0; i < messages.size(); i++) {
            String path = "messages." + i;
            ObjectNode m = Fields.object(messages.get(i), path);
            String role = Fields.requiredString(m, "role", path + ".role");
            if (!m.has("content")) {
                throw new InvalidMessagesRequest(path + ".content", "Field required.");
            }
            switch (role) {
                case "assistant" -> {
                    unanswered(pending, pendingFrom);
                    pending.addAll(assistant(m.get("content"), path + ".content"));
                    pendingFrom = i;
                }
                case "user" -> {
                    ObjectNode rest = user(m.get("content"), path + ".content", pending);
                    unanswered(pending, pendingFrom);
                    deferred.forEach(out::add);
                    deferred.clear();
                    if (rest != null) {
                        out.add(rest);
                    }
                }
                // Claude Code sends mid-conversation system turns (observed: one after the first user turn)
                case "system" -> {
                    ObjectNode sys = F.objectNode()
                            .put("role", "system")
                            .put("content", systemText(m.get("content"), path + ".content", false));
                    if (pending.isEmpty()) {
                        out.add(sys);
                    } else {
                        deferred.add(sys);
                    }
                }
                default ->
                    throw new InvalidMessagesRequest(
                            path + ".role", "Input should be 'user' or 'assistant', got '" + role + "'.");
            }
        }
        unanswered(pending, pendingFrom);
        deferred.forEach(out::add);
        report();
        return out;
    }

    private static void unanswered(Set<String> pending, int from) {
        if (!pending.isEmpty()) {
            throw new InvalidMessagesRequest(
                    "messages." + from,
                    "tool_use ids were found without tool_result blocks "
                            + "immediately after: " + String.join(", ", pending) + ". Each tool_use block must have a "
                            + "corresponding tool_result block in the next message.");
        }
    }

    private void report() {
        if (thinkingBlocks > 0) {
            ignored.add("thinking blocks in assistant history (" + thinkingBlocks + ")");
        }
        if (serverToolBlocks > 0) {
            ignored.add("server tool blocks in history (" + serverToolBlocks + ")");
        }
        if (documentLinks > 0) {
            ignored.add("document url sources, sent as links (" + documentLinks + ")");
        }
    }

    private String systemText(JsonNode content, String path, boolean topLevel) {
        if (content.isString()) {
            return content.stringValue();
        }
        if (!content.isArray()) {
            throw new InvalidMessagesRequest(
                    path, "Input should be a string or a list of text blocks, not " + Fields.kind(content) + ".");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            ObjectNode block = Fields.object(content.get(i), path + "." + i);
            String type = Fields.requiredString(block, "type", path + "." + i + ".type");
            if (!type.equals("text")) {
                throw new InvalidMessagesRequest(
                        path + "." + i + ".type", "system content must be text blocks, got '" + type + "'.");
            }
            String text = Fields.requiredString(block, "text", path + "." + i + ".text");
            if (topLevel && text.startsWith(BILLING_MARKER)) {
                ignored.add("system." + i + " (x-anthropic-billing-header)");
            } else {
                texts.add(text);
            }
        }
        return String.join("\n\n", texts);
    }

    /** An assistant turn: text and tool_use blocks; returns the tool_use ids the next user turn must answer. */
    private List<String> assistant(JsonNode content, String path) {
        ObjectNode msg = F.objectNode().put("role", "assistant");
        List<String> ids = new ArrayList<>();
        if (content.isString()) {
            out.add(msg.put("content", content.stringValue()));
            return ids;
        }
        List<String> texts = new ArrayList<>();
        ArrayNode calls = F.arrayNode();
        JsonNode list = blocks(content, path);
        for (int i = 0; i < list.size(); i++) {
            String at = path + "." + i;
            ObjectNode block = Fields.object(list.get(i), at);
            String type = Fields.requiredString(block, "type", at + ".type");
            switch (type) {
                case "text" -> texts.add(Fields.requiredString(block, "text", at + ".text"));
                case "tool_use" -> {
                    String id = Fields.requiredString(block, "id", at + ".id");
                    String name = Fields.requiredString(block, "name", at + ".name");
                    if (!block.has("input")) {
                        throw new InvalidMessagesRequest(at + ".input", "Field required.");
                    }
                    ObjectNode input = Fields.object(block.get("input"), at + ".input");
                    ObjectNode call = calls.addObject().put("id", id).put("type", "function");
                    call.putObject("function").put("name", name).put("arguments", input.toString());
                    ids.add(id);
                }
                // a target cannot check Anthropic's signatures, and Anthropic itself drops earlier turns' thinking
                case "thinking", "redacted_thinking" -> thinkingBlocks++;
                default -> {
                    if (SERVER_TOOL_BLOCKS.contains(type)) {
                        serverToolBlocks++;
                    } else {
                        throw unsupported(type, at, "assistant");
                    }
                }
            }
        }
        if (texts.isEmpty() && !calls.isEmpty()) {
            msg.putNull("content");
        } else {
            msg.put("content", String.join("\n\n", texts));
        }
        if (!calls.isEmpty()) {
            msg.set("tool_calls", calls);
        }
        out.add(msg);
        return ids;
    }

    /**
     * A user turn: its tool results become tool messages (answering {@code pending}) added at once; the rest is
     * returned as one user message (null when nothing is left), for the caller to add after them.
     */
    private ObjectNode user(JsonNode content, String path, Set<String> pending) {
        Parts parts = new Parts();
        if (content.isString()) {
            parts.text(content.stringValue());
        } else {
            JsonNode list = blocks(content, path);
            for (int i = 0; i < list.size(); i++) {
                String at = path + "." + i;
                ObjectNode block = Fields.object(list.get(i), at);
                String type = Fields.requiredString(block, "type", at + ".type");
                switch (type) {
                    case "tool_result" -> toolResult(block, at, pending, parts);
                    case "tool_use", "thinking", "redacted_thinking" ->
                        throw new InvalidMessagesRequest(
                                at + ".type", "'" + type + "' blocks belong in assistant messages, not user messages.");
                    default -> {
                        if (SERVER_TOOL_BLOCKS.contains(type)) {
                            serverToolBlocks++;
                        } else {
                            part(block, type, at, parts, "user");
                        }
                    }
                }
            }
        }
        return parts.isEmpty() ? null : F.objectNode().put("role", "user").set("content", parts.content());
    }

    private void toolResult(ObjectNode block, String at, Set<String> pending, Parts userParts) {
        String id = Fields.requiredString(block, "tool_use_id", at + ".tool_use_id");
        if (!pending.remove(id)) {
            throw new InvalidMessagesRequest(
                    at + ".tool_use_id",
                    "unexpected tool_use_id '" + id + "': each tool_result "
                            + "block must answer a tool_use block of the previous assistant message.");
        }
        boolean error = Boolean.TRUE.equals(Fields.optionalBoolean(block, "is_error", at + ".is_error"));
        StringBuilder text = new StringBuilder(error ? "[tool error] " : "");
        JsonNode content = block.get("content");
        if (content != null && content.isString()) {
            text.append(content.stringValue());
        } else if (content != null && !content.isNull()) {
            // chat tool messages hold text only: images and files of a result follow in the user message
            Parts inner = new Parts();
            JsonNode list = blocks(content, at + ".content");
            for (int i = 0; i < list.size(); i++) {
                String in = at + ".content." + i;
                ObjectNode b = Fields.object(list.get(i), in);
                String type = Fields.requiredString(b, "type", in + ".type");
                if (type.equals("tool_reference")) {
                    inner.text("Tool available: " + Fields.requiredString(b, "tool_name", in + ".tool_name"));
                } else {
                    part(b, type, in, inner, "tool_result");
                }
            }
            text.append(String.join("\n\n", inner.texts()));
            if (inner.hasMedia()) {
                userParts.text("Attachments of tool result " + id + ":");
                inner.media().forEach(userParts::add);
            }
        }
        out.add(F.objectNode().put("role", "tool").put("tool_call_id", id).put("content", text.toString()));
    }

    /** text, image, document and search_result blocks, wherever they may appear. */
    private void part(ObjectNode block, String type, String at, Parts parts, String where) {
        switch (type) {
            case "text" -> parts.text(Fields.requiredString(block, "text", at + ".text"));
            case "image" -> image(Fields.object(block.get("source"), at + ".source"), at + ".source", parts);
            case "document" -> document(block, at, parts);
            case "search_result" -> {
                StringBuilder s = new StringBuilder("Search result: ")
                        .append(Fields.requiredString(block, "title", at + ".title"))
                        .append(" (")
                        .append(Fields.requiredString(block, "source", at + ".source"))
                        .append(')');
                JsonNode content = blocks(block.get("content"), at + ".content");
                for (int i = 0; i < content.size(); i++) {
                    s.append("\n\n")
                            .append(Fields.requiredString(content.get(i), "text", at + ".content." + i + ".text"));
                }
                parts.text(s.toString());
            }
            default -> throw unsupported(type, at, where);
        }
    }

    private static void image(ObjectNode source, String at, Parts parts) {
        String type = Fields.requiredString(source, "type", at + ".type");
        String url =
                switch (type) {
                    case "base64" -> {
                        String media = Fields.requiredString(source, "media_type", at + ".media_type");
                        if (!IMAGE_TYPES.contains(media)) {
                            throw new InvalidMessagesRequest(
                                    at + ".media_type",
                                    "Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp', got '"
                                            + media + "'.");
                        }
                        yield "data:" + media + ";base64," + Fields.requiredString(source, "data", at + ".data");
                    }
                    case "url" -> Fields.requiredString(source, "url", at + ".url");
                    default -> throw badSource(type, at, "'base64' or 'url'");
                };
        parts.add(F.objectNode()
                .put("type", "image_url")
                .set("image_url", F.objectNode().put("url", url)));
    }

    private void document(ObjectNode block, String at, Parts parts) {
        ObjectNode source = Fields.object(block.get("source"), at + ".source");
        String title = Fields.optionalString(block, "title", at + ".title");
        String type = Fields.requiredString(source, "type", at + ".source.type");
        switch (type) {
            case "base64" -> {
                String media = Fields.requiredString(source, "media_type", at + ".source.media_type");
                if (!media.equals("application/pdf")) {
                    throw new InvalidMessagesRequest(
                            at + ".source.media_type", "Input should be 'application/pdf', got '" + media + "'.");
                }
                ObjectNode file = F.objectNode()
                        .put("filename", title == null ? "document.pdf" : title)
                        .put(
                                "file_data",
                                "data:application/pdf;base64,"
                                        + Fields.requiredString(source, "data", at + ".source.data"));
                parts.add(F.objectNode().put("type", "file").set("file", file));
            }
            case "text" -> parts.text(titled(title, Fields.requiredString(source, "data", at + ".source.data")));
            case "content" -> {
                JsonNode content = source.get("content");
                if (content != null && content.isString()) {
                    parts.text(titled(title, content.stringValue()));
                    return;
                }
                JsonNode list = blocks(content, at + ".source.content");
                for (int i = 0; i < list.size(); i++) {
                    String in = at + ".source.content." + i;
                    ObjectNode b = Fields.object(list.get(i), in);
                    String t = Fields.requiredString(b, "type", in + ".type");
                    switch (t) {
                        case "text" ->
                            parts.text(titled(i == 0 ? title : null, Fields.requiredString(b, "text", in + ".text")));
                        case "image" -> image(Fields.object(b.get("source"), in + ".source"), in + ".source", parts);
                        default ->
                            throw new InvalidMessagesRequest(
                                    in + ".type", "document content must be text or image blocks, got '" + t + "'.");
                    }
                }
            }
            case "url" -> {
                // chat has no way to attach a file by URL: the model gets the link, and the caller is told
                documentLinks++;
                parts.text(titled(title, "Document: " + Fields.requiredString(source, "url", at + ".source.url")));
            }
            default -> throw badSource(type, at + ".source", "'base64', 'text', 'content' or 'url'");
        }
    }

    private static String titled(String title, String text) {
        return title == null || title.isEmpty() ? text : title + "\n\n" + text;
    }

    private static JsonNode blocks(JsonNode content, String path) {
        if (content == null || !content.isArray()) {
            throw new InvalidMessagesRequest(
                    path, "Input should be a string or a list of content blocks, not " + Fields.kind(content) + ".");
        }
        return content;
    }

    private static InvalidMessagesRequest badSource(String type, String at, String expected) {
        String hint = type.equals("file")
                ? " Files API ids are not available through this gateway; send the data inline."
                : "";
        return new InvalidMessagesRequest(at + ".type", "Input should be " + expected + ", got '" + type + "'." + hint);
    }

    private static InvalidMessagesRequest unsupported(String type, String at, String where) {
        return new InvalidMessagesRequest(
                at + ".type",
                "unsupported content block type '" + type + "' in " + where + " content; this gateway accepts "
                        + SUPPORTED + ".");
    }

    /** The parts of one chat message: a plain string while they are all text, an array once media is added. */
    private static final class Parts {
        private final List<ObjectNode> parts = new ArrayList<>();

        void text(String text) {
            parts.add(F.objectNode().put("type", "text").put("text", text));
        }

        void add(ObjectNode part) {
            parts.add(part);
        }

        boolean isEmpty() {
            return parts.isEmpty();
        }

        boolean hasMedia() {
            return parts.stream().anyMatch(p -> !p.path("type").asString().equals("text"));
        }

        List<String> texts() {
            return parts.stream()
                    .filter(p -> p.path("type").asString().equals("text"))
                    .map(p -> p.path("text").asString())
                    .toList();
        }

        List<ObjectNode> media() {
            return parts.stream()
                    .filter(p -> !p.path("type").asString().equals("text"))
                    .toList();
        }

        /** Text alone joins into one string: every OpenAI-compatible server takes that, not all take part arrays. */
        JsonNode content() {
            if (!hasMedia()) {
                return F.stringNode(String.join("\n\n", texts()));
            }
            ArrayNode array = F.arrayNode();
            parts.forEach(array::add);
            return array;
        }
    }
}
