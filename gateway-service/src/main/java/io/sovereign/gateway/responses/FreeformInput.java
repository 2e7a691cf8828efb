package io.sovereign.gateway.responses;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recovers a custom tool's free-text input from the JSON arguments a chat model wrote for the function
 * it was bridged to ({@code {"input": "..."}}). The streaming side decodes the string value as the
 * argument deltas arrive, so {@code response.custom_tool_call_input.delta} events flow without waiting
 * for the whole call; anything that is not that shape is settled once the arguments are complete.
 */
final class FreeformInput {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "\"" + ToolsToChat.INPUT_ARGUMENT + "\"";

    private final StringBuilder raw = new StringBuilder();
    private final StringBuilder decoded = new StringBuilder();
    private int pos; // next unread char of raw
    private State state = State.OPEN;
    private char pendingHigh; // a high surrogate held back until its pair arrives

    private enum State {
        OPEN,
        KEY,
        COLON,
        QUOTE,
        VALUE,
        DONE,
        GAVE_UP
    }

    /** The input of complete arguments: the {@code input} string, or the raw text if the model did not wrap it. */
    static String of(String arguments) {
        try {
            JsonNode node = JSON.readTree(arguments);
            if (node != null && node.isObject()) {
                if (node.path(ToolsToChat.INPUT_ARGUMENT).isString()) {
                    return node.get(ToolsToChat.INPUT_ARGUMENT).stringValue();
                }
                if (node.size() == 1 && node.iterator().next().isString()) {
                    return node.iterator().next().stringValue();
                }
            }
        } catch (JacksonException notJson) {
            // the model sent the freeform text itself: that is the input
        }
        return arguments;
    }

    /** Feeds an arguments delta; returns the newly decoded input text (possibly empty). */
    String feed(String delta) {
        raw.append(delta);
        int before = decoded.length();
        while (pos < raw.length() && state != State.DONE && state != State.GAVE_UP) {
            char c = raw.charAt(pos);
            switch (state) {
                case OPEN -> state = step(c, '{', State.KEY);
                case KEY -> {
                    if (Character.isWhitespace(c)) {
                        pos++;
                    } else if (raw.length() - pos < KEY.length()) {
                        return emitted(before); // wait for the whole key
                    } else if (raw.indexOf(KEY, pos) == pos) {
                        pos += KEY.length();
                        state = State.COLON;
                    } else {
                        state = State.GAVE_UP;
                    }
                }
                case COLON -> state = step(c, ':', State.QUOTE);
                case QUOTE -> state = step(c, '"', State.VALUE);
                case VALUE -> {
                    if (!value()) {
                        return emitted(before);
                    }
                }
                default -> {}
            }
        }
        return emitted(before);
    }

    /** Everything decoded so far. */
    String streamed() {
        return decoded.toString();
    }

    private State step(char c, char expected, State next) {
        pos++;
        if (Character.isWhitespace(c)) {
            return state;
        }
        return c == expected ? next : State.GAVE_UP;
    }

    /** Decodes one char or escape of the string value; false when it needs more input. */
    private boolean value() {
        char c = raw.charAt(pos);
        if (c == '"') {
            pos++;
            state = State.DONE;
            return true;
        }
        if (c != '\\') {
            pos++;
            append(c);
            return true;
        }
        if (pos + 1 >= raw.length()) {
            return false;
        }
        char e = raw.charAt(pos + 1);
        if (e == 'u') {
            if (pos + 6 > raw.length()) {
                return false;
            }
            try {
                append((char) Integer.parseInt(raw.substring(pos + 2, pos + 6), 16));
            } catch (NumberFormatException bad) {
                state = State.GAVE_UP;
                return true;
            }
            pos += 6;
            return true;
        }
        char out =
                switch (e) {
                    case '"' -> '"';
                    case '\\' -> '\\';
                    case '/' -> '/';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> 0;
                };
        if (out == 0) {
            state = State.GAVE_UP;
            return true;
        }
        pos += 2;
        append(out);
        return true;
    }

    private void append(char c) {
        if (pendingHigh != 0) {
            decoded.append(pendingHigh);
            pendingHigh = 0;
        }
        if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
        } else {
            decoded.append(c);
        }
    }

    private String emitted(int before) {
        return decoded.substring(before);
    }
}
