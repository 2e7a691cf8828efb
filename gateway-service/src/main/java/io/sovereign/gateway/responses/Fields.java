package io.sovereign.gateway.responses;

import io.sovereign.gateway.openai.JsonKind;
import tools.jackson.databind.JsonNode;

/** Reads typed fields of a Responses body, failing with OpenAI's wording and the field's path. */
final class Fields {

    private Fields() {}

    /** The field, or null when absent or JSON null. */
    static JsonNode present(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        return n == null || n.isNull() ? null : n;
    }

    static String requiredString(JsonNode parent, String name, String path) {
        JsonNode n = present(parent, name);
        if (n == null) {
            throw new ResponsesRequestError("Missing required parameter: '" + path + "'.", path);
        }
        if (!n.isString()) {
            throw typeError(path, "a string", n);
        }
        return n.stringValue();
    }

    static String optionalString(JsonNode parent, String name, String path) {
        JsonNode n = present(parent, name);
        if (n == null) {
            return null;
        }
        if (!n.isString()) {
            throw typeError(path, "a string", n);
        }
        return n.stringValue();
    }

    static Boolean optionalBoolean(JsonNode parent, String name, String path) {
        JsonNode n = present(parent, name);
        if (n == null) {
            return null;
        }
        if (!n.isBoolean()) {
            throw typeError(path, "a boolean", n);
        }
        return n.booleanValue();
    }

    static JsonNode optionalObject(JsonNode parent, String name, String path) {
        JsonNode n = present(parent, name);
        if (n != null && !n.isObject()) {
            throw typeError(path, "an object", n);
        }
        return n;
    }

    static JsonNode optionalArray(JsonNode parent, String name, String path) {
        JsonNode n = present(parent, name);
        if (n != null && !n.isArray()) {
            throw typeError(path, "an array", n);
        }
        return n;
    }

    static Long optionalInt(JsonNode parent, String name, String path, long min) {
        JsonNode n = present(parent, name);
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw typeError(path, "an integer", n);
        }
        if (n.longValue() < min) {
            throw new ResponsesRequestError(
                    "Invalid '" + path + "': integer below minimum value. Expected a value >= " + min + ", but got "
                            + n.longValue() + " instead.",
                    path);
        }
        return n.longValue();
    }

    static JsonNode optionalNumber(JsonNode parent, String name, String path, double min, double max) {
        JsonNode n = present(parent, name);
        if (n == null) {
            return null;
        }
        if (!n.isNumber()) {
            throw typeError(path, "a number", n);
        }
        if (n.doubleValue() < min || n.doubleValue() > max) {
            throw new ResponsesRequestError(
                    "Invalid '" + path + "': expected a value between " + JsonKind.number(min) + " and "
                            + JsonKind.number(max) + ", but got " + n.asString() + ".",
                    path);
        }
        return n;
    }

    static ResponsesRequestError typeError(String path, String expected, JsonNode got) {
        return new ResponsesRequestError(
                "Invalid type for '" + path + "': expected " + expected + ", but got " + JsonKind.of(got) + " instead.",
                path);
    }
}
