package io.sovereign.inference.openai;

import io.sovereign.inference.error.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/** Typed, validated reads of OpenAI request fields; a wrong type is a 400 naming the field. */
final class RequestFields {
    private RequestFields() {}

    static JsonNode present(JsonNode body, String field) {
        JsonNode n = body.path(field);
        return n.isMissingNode() || n.isNull() ? null : n;
    }

    static String requiredString(JsonNode body, String field) {
        JsonNode n = present(body, field);
        if (n == null || !n.isString() || n.stringValue().isEmpty()) {
            throw ApiError.invalid("'" + field + "' is required and must be a non-empty string", field);
        }
        return n.stringValue();
    }

    static boolean bool(JsonNode body, String field, boolean fallback) {
        JsonNode n = present(body, field);
        if (n == null) return fallback;
        if (!n.isBoolean()) throw ApiError.invalid("'" + field + "' must be a boolean", field);
        return n.asBoolean();
    }

    static OptionalInt positiveInt(JsonNode body, String field) {
        JsonNode n = present(body, field);
        if (n == null) return OptionalInt.empty();
        if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > Integer.MAX_VALUE) {
            throw ApiError.invalid("'" + field + "' must be a positive integer", field);
        }
        return OptionalInt.of(n.asInt());
    }

    static OptionalLong integer(JsonNode body, String field) {
        JsonNode n = present(body, field);
        if (n == null) return OptionalLong.empty();
        if (!n.isIntegralNumber()) throw ApiError.invalid("'" + field + "' must be an integer", field);
        return OptionalLong.of(n.asLong());
    }

    static OptionalDouble number(JsonNode body, String field, double min, double max) {
        JsonNode n = present(body, field);
        if (n == null) return OptionalDouble.empty();
        if (!n.isNumber() || n.asDouble() < min || n.asDouble() > max) {
            throw ApiError.invalid("'" + field + "' must be a number between " + min + " and " + max, field);
        }
        return OptionalDouble.of(n.asDouble());
    }

    /** {@code stop}: a string or an array of up to 4 strings. */
    static List<String> stop(JsonNode body) {
        JsonNode n = present(body, "stop");
        if (n == null) return List.of();
        if (n.isString()) return List.of(n.stringValue());
        if (n.isArray() && n.size() <= 4) {
            List<String> stops = new ArrayList<>();
            for (JsonNode s : n) {
                if (!s.isString()) throw ApiError.invalid("'stop' entries must be strings", "stop");
                stops.add(s.stringValue());
            }
            return stops;
        }
        throw ApiError.invalid("'stop' must be a string or an array of at most 4 strings", "stop");
    }
}
