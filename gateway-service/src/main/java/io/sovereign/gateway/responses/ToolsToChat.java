package io.sovereign.gateway.responses;

import io.sovereign.gateway.responses.ToolNames.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns Responses tool definitions and {@code tool_choice} into chat-completions ones. Function tools map
 * one to one; a {@code namespace} contributes its functions under flat names; a custom (freeform) tool
 * such as Codex's {@code apply_patch} becomes a function with one string argument, {@code input}, whose
 * description carries the tool's grammar. Hosted tools (web_search, file_search, mcp, ...) run only on a
 * target that hosts them, so they are left out and reported, never an error.
 */
final class ToolsToChat {

    static final String INPUT_ARGUMENT = "input";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Chat tools (empty when none remain), the name map, and the types left out. */
    record Result(ArrayNode tools, ToolNames names, Set<String> dropped) {}

    private ToolsToChat() {}

    /** {@code declared} is each tool with the request path to report in an error. */
    static Result tools(List<Declared> declared) {
        ToolNames names = new ToolNames();
        ArrayNode out = NODES.arrayNode();
        Set<String> dropped = new LinkedHashSet<>();
        for (Declared d : declared) {
            JsonNode tool = d.tool();
            if (!tool.isObject()) {
                throw Fields.typeError(d.path(), "an object", tool);
            }
            String type = Fields.requiredString(tool, "type", d.path() + ".type");
            switch (type) {
                case "function", "custom" -> out.add(tool(tool, type, null, null, d.path(), names));
                case "namespace" -> {
                    String ns = Fields.requiredString(tool, "name", d.path() + ".name");
                    String nsDescription = Fields.optionalString(tool, "description", d.path() + ".description");
                    JsonNode inner = Fields.optionalArray(tool, "tools", d.path() + ".tools");
                    for (int i = 0; inner != null && i < inner.size(); i++) {
                        String path = d.path() + ".tools[" + i + "]";
                        JsonNode t = inner.get(i);
                        String innerType = t.isObject() ? Fields.requiredString(t, "type", path + ".type") : "";
                        if (innerType.equals("function") || innerType.equals("custom")) {
                            out.add(tool(t, innerType, ns, nsDescription, path, names));
                        } else if (!t.isObject()) {
                            throw Fields.typeError(path, "an object", t);
                        } else {
                            dropped.add(innerType);
                        }
                    }
                }
                default -> dropped.add(type);
            }
        }
        return new Result(out, names, dropped);
    }

    /** One declared tool and where it sits in the request ({@code tools[3]}, {@code input[0].tools[1]}). */
    record Declared(JsonNode tool, String path) {}

    private static ObjectNode tool(
            JsonNode tool, String type, String ns, String nsDescription, String path, ToolNames names) {
        String name = Fields.requiredString(tool, "name", path + ".name");
        if (name.isBlank()) {
            throw new ResponsesRequestError("Invalid '" + path + ".name': empty string.", path + ".name");
        }
        String description = Fields.optionalString(tool, "description", path + ".description");
        if (nsDescription != null && !nsDescription.isBlank()) {
            description =
                    (description == null ? "" : description + "\n\n") + "(" + ns + ": " + nsDescription.strip() + ")";
        }
        ObjectNode fn = NODES.objectNode();
        boolean custom = type.equals("custom");
        fn.put("name", names.register(custom ? Kind.CUSTOM : Kind.FUNCTION, ns, name));
        if (description != null) {
            fn.put("description", description);
        }
        if (custom) {
            fn.set("parameters", freeformParameters(tool, path));
        } else {
            JsonNode parameters = Fields.optionalObject(tool, "parameters", path + ".parameters");
            fn.set(
                    "parameters",
                    parameters != null
                            ? parameters
                            : NODES.objectNode().put("type", "object").set("properties", NODES.objectNode()));
            Boolean strict = Fields.optionalBoolean(tool, "strict", path + ".strict");
            if (strict != null) {
                fn.put("strict", strict);
            }
        }
        ObjectNode out = NODES.objectNode().put("type", "function");
        out.set("function", fn);
        return out;
    }

    /** One required string; the grammar (if any) tells the model what the string must look like. */
    private static ObjectNode freeformParameters(JsonNode tool, String path) {
        StringBuilder about =
                new StringBuilder("The tool's whole input as one raw string (it is passed on verbatim, not parsed).");
        JsonNode format = Fields.optionalObject(tool, "format", path + ".format");
        if (format != null && "grammar".equals(Fields.optionalString(format, "type", path + ".format.type"))) {
            String syntax = Fields.optionalString(format, "syntax", path + ".format.syntax");
            String definition = Fields.requiredString(format, "definition", path + ".format.definition");
            about.append(" It must match this ")
                    .append(syntax == null ? "" : syntax + " ")
                    .append("grammar:\n")
                    .append(definition);
        }
        ObjectNode parameters = NODES.objectNode().put("type", "object");
        parameters
                .putObject("properties")
                .putObject(INPUT_ARGUMENT)
                .put("type", "string")
                .put("description", about.toString());
        parameters.putArray("required").add(INPUT_ARGUMENT);
        parameters.put("additionalProperties", false);
        return parameters;
    }

    /**
     * The chat {@code tool_choice} for a Responses one, or null to leave it out. {@code allowed_tools}
     * narrows {@code chatTools} in place (chat targets rarely support it); a choice of a hosted tool is
     * dropped like the tool itself.
     */
    static JsonNode toolChoice(JsonNode choice, ArrayNode chatTools, ToolNames names, Set<String> dropped) {
        if (choice == null) {
            return null;
        }
        if (choice.isString()) {
            return switch (choice.stringValue()) {
                case "auto", "none", "required" -> choice;
                default ->
                    throw new ResponsesRequestError(
                            "Invalid value: '" + choice.stringValue()
                                    + "'. Supported values are: 'auto', 'none' and 'required'.",
                            "tool_choice");
            };
        }
        if (!choice.isObject()) {
            throw Fields.typeError("tool_choice", "a string or an object", choice);
        }
        String type = Fields.requiredString(choice, "type", "tool_choice.type");
        switch (type) {
            case "function", "custom" -> {
                String chat = declared(choice, names, "tool_choice");
                ObjectNode out = NODES.objectNode().put("type", "function");
                out.putObject("function").put("name", chat);
                return out;
            }
            case "allowed_tools" -> {
                String mode = Fields.optionalString(choice, "mode", "tool_choice.mode");
                if (mode != null && !mode.equals("auto") && !mode.equals("required")) {
                    throw new ResponsesRequestError(
                            "Invalid value: '" + mode + "'. Supported values are: 'auto' and 'required'.",
                            "tool_choice.mode");
                }
                JsonNode allowed = Fields.optionalArray(choice, "tools", "tool_choice.tools");
                Set<String> keep = new HashSet<>();
                for (int i = 0; allowed != null && i < allowed.size(); i++) {
                    String path = "tool_choice.tools[" + i + "]";
                    JsonNode t = allowed.get(i);
                    String tType = t.isObject() ? Fields.requiredString(t, "type", path + ".type") : "";
                    if (tType.equals("function") || tType.equals("custom")) {
                        keep.add(declared(t, names, path));
                    } else if (!t.isObject()) {
                        throw Fields.typeError(path, "an object", t);
                    }
                }
                List<JsonNode> kept = new ArrayList<>();
                chatTools.forEach(t -> {
                    if (keep.contains(t.path("function").path("name").asString())) {
                        kept.add(t);
                    }
                });
                chatTools.removeAll();
                chatTools.addAll(kept);
                return NODES.stringNode(mode == null ? "auto" : mode);
            }
            default -> {
                dropped.add("tool_choice:" + type);
                return null;
            }
        }
    }

    private static String declared(JsonNode ref, ToolNames names, String path) {
        String name = Fields.requiredString(ref, "name", path + ".name");
        String ns = Fields.optionalString(ref, "namespace", path + ".namespace");
        String chat = names.chatName(ns, name);
        if (!names.isDeclared(chat)) {
            throw new ResponsesRequestError(
                    "Invalid value for '" + path + ".name': no tool named '" + name + "'"
                            + (ns == null ? "" : " in namespace '" + ns + "'") + " is declared in 'tools'.",
                    path + ".name");
        }
        return chat;
    }
}
