package io.sovereign.gateway.classify;

import java.util.Objects;

/**
 * One piece of text that would leave the building, with the JSON path it came from
 * (e.g. {@code messages[2].content[0].text}). toString never prints the text.
 */
public record TextSegment(String path, String text) {
    public TextSegment {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return "TextSegment[path=" + path + ", chars=" + text.length() + "]";
    }
}
