package io.sovereign.gateway.openai;

import tools.jackson.databind.JsonNode;

/**
 * How the gateway's bad-input messages name a JSON value ("a string", "an array") and a bound ("2", "0.5"),
 * shared by every API front-end so that the same mistake reads the same on each.
 */
public final class JsonKind {

    private JsonKind() {}

    /** The value's JSON type with its article, as OpenAI words it ("an array"). */
    public static String of(JsonNode n) {
        return of(n, "an array");
    }

    /** The same, with an API's own word for an array (Anthropic says "a list"). */
    public static String of(JsonNode n, String array) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "null";
        }
        if (n.isString()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        return n.isArray() ? array : "an object";
    }

    /** A bound as a person writes it: whole numbers without ".0". */
    public static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
