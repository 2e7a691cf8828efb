package io.sovereign.gateway.classify;

import java.util.Locale;

/**
 * What kind of input a request hands the model, by its content parts: a target declares which it can take
 * (gpt-oss-20b reads text only), so an image that has to stay on-prem is refused with a clear message instead
 * of being sent to a model that cannot read it.
 */
public enum Modality {
    TEXT,
    IMAGE,
    AUDIO,
    FILE;

    /** The lower-case spelling used in policies and messages. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive; null when unknown. */
    public static Modality parse(String s) {
        for (Modality m : values()) {
            if (m.wire().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return m;
            }
        }
        return null;
    }

    /**
     * The modality of a content part by its {@code type} (chat completions, Responses and Anthropic Messages
     * spellings), or null for a type that is not an input kind (text parts, tool calls, ...).
     */
    static Modality ofPartType(String type) {
        return switch (type) {
            case "image_url", "input_image", "image" -> IMAGE;
            case "input_audio", "audio" -> AUDIO;
            case "file", "input_file", "document" -> FILE;
            default -> null;
        };
    }
}
