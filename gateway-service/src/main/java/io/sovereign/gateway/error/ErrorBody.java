package io.sovereign.gateway.error;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.io.JsonStringEncoder;

/** Renders the OpenAI error shape {@code {"error":{"message","type","code","param"}}} (also where no mapper is at hand). */
public final class ErrorBody {

    private ErrorBody() {}

    public static byte[] of(GatewayError error) {
        return of(error.getMessage(), error.type(), error.code(), error.param());
    }

    public static byte[] of(String message, String type, String code, String param) {
        StringBuilder json = new StringBuilder(96 + message.length());
        json.append("{\"error\":{\"message\":");
        appendString(json, message);
        json.append(",\"type\":");
        appendString(json, type);
        json.append(",\"code\":");
        appendString(json, code);
        json.append(",\"param\":");
        appendString(json, param);
        json.append("}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void appendString(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, out);
        out.append('"');
    }
}
