package io.sovereign.gateway.error;

import java.nio.charset.StandardCharsets;

/** Renders the OpenAI error shape {@code {"error":{"message","type","code","param"}}} without a JSON library. */
public final class ErrorBody {

    private ErrorBody() {
    }

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
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
