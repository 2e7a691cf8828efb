package io.sovereign.gateway.messages;

import io.sovereign.gateway.openai.JsonKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Typed reads of one Messages request field, each failing with the field's path and what was expected. */
final class Fields {

    private Fields() {}

    static boolean present(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        return n != null && !n.isNull();
    }

    static ObjectNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidMessagesRequest(path, "Input should be an object, not " + kind(node) + ".");
        }
        return (ObjectNode) node;
    }

    static ObjectNode optionalObject(JsonNode parent, String name, String path) {
        return present(parent, name) ? object(parent.get(name), path) : null;
    }

    static JsonNode array(JsonNode parent, String name, String path) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw new InvalidMessagesRequest(path, "Input should be a list, not " + kind(n) + ".");
        }
        return n;
    }

    static String requiredString(JsonNode parent, String name, String path) {
        String s = optionalString(parent, name, path);
        if (s == null) {
            throw new InvalidMessagesRequest(path, "Field required.");
        }
        return s;
    }

    static String optionalString(JsonNode parent, String name, String path) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            throw new InvalidMessagesRequest(path, "Input should be a string, not " + kind(n) + ".");
        }
        return n.stringValue();
    }

    static Boolean optionalBoolean(JsonNode parent, String name, String path) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw new InvalidMessagesRequest(path, "Input should be a boolean, not " + kind(n) + ".");
        }
        return n.booleanValue();
    }

    static Long optionalInteger(JsonNode parent, String name, String path, long min) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new InvalidMessagesRequest(path, "Input should be an integer, not " + kind(n) + ".");
        }
        if (n.longValue() < min) {
            throw new InvalidMessagesRequest(
                    path, "Input should be greater than or equal to " + min + ", got " + n.longValue() + ".");
        }
        return n.longValue();
    }

    static JsonNode optionalNumber(JsonNode parent, String name, String path, double min, double max) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw new InvalidMessagesRequest(path, "Input should be a number, not " + kind(n) + ".");
        }
        if (n.doubleValue() < min || n.doubleValue() > max) {
            throw new InvalidMessagesRequest(
                    path,
                    "Input should be between " + JsonKind.number(min) + " and " + JsonKind.number(max) + ", got "
                            + n.asString() + ".");
        }
        return n;
    }

    static String kind(JsonNode n) {
        return JsonKind.of(n, "a list");
    }
}
