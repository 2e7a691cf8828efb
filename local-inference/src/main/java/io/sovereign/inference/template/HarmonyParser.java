package io.sovereign.inference.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Streams gpt-oss "harmony" output ({@code <|channel|>analysis<|message|>...<|end|><|start|>assistant
 * <|channel|>final<|message|>...<|return|>}) into caller-visible parts: the final channel becomes
 * {@code content}, the analysis (and commentary) channels {@code reasoning_content}. Markup never leaks.
 */
public final class HarmonyParser {
    private static final String MESSAGE = "<|message|>";
    private static final String CHANNEL = "<|channel|>";
    private static final List<String> BODY_END = List.of("<|end|>", "<|return|>", "<|call|>");

    private final StringBuilder buffer = new StringBuilder();
    private boolean inBody;
    private Part.Kind channel = Part.Kind.CONTENT;

    /** A piece of visible output. */
    public record Part(Kind kind, String text) {
        public enum Kind { CONTENT, REASONING }
    }

    /** Feeds decoded text (special tokens kept) and returns the parts it completes. */
    public List<Part> accept(String text) {
        buffer.append(text);
        List<Part> parts = new ArrayList<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            if (!inBody) {
                int m = buffer.indexOf(MESSAGE);
                if (m >= 0) {
                    channel = channelOf(buffer.substring(0, m));
                    buffer.delete(0, m + MESSAGE.length());
                    inBody = true;
                    progress = true;
                }
            } else {
                int end = -1;
                String marker = null;
                for (String candidate : BODY_END) {
                    int i = buffer.indexOf(candidate);
                    if (i >= 0 && (end < 0 || i < end)) {
                        end = i;
                        marker = candidate;
                    }
                }
                if (end >= 0) {
                    add(parts, buffer.substring(0, end));
                    buffer.delete(0, end + marker.length());
                    inBody = false;
                    progress = true;
                } else {
                    int hold = partialMarkerStart();
                    add(parts, buffer.substring(0, hold));
                    buffer.delete(0, hold);
                }
            }
        }
        return parts;
    }

    /** At the end of generation: a body cut short (length limit) is released; a header without markup is content. */
    public List<Part> finish() {
        List<Part> parts = new ArrayList<>();
        String rest = buffer.toString();
        buffer.setLength(0);
        if (inBody) {
            add(parts, rest);
        } else if (!rest.contains("<|")) {
            channel = Part.Kind.CONTENT;
            add(parts, rest);
        }
        return parts;
    }

    private void add(List<Part> parts, String text) {
        if (!text.isEmpty()) {
            parts.add(new Part(channel, text));
        }
    }

    /** Where a possibly incomplete {@code <|...|>} marker begins at the end of the buffer. */
    private int partialMarkerStart() {
        int open = buffer.lastIndexOf("<");
        if (open >= 0 && buffer.indexOf(">", open) < 0 && buffer.length() - open < 16) {
            return open;
        }
        return buffer.length();
    }

    private static Part.Kind channelOf(String header) {
        int c = header.indexOf(CHANNEL);
        if (c < 0) {
            return Part.Kind.CONTENT;
        }
        String name = header.substring(c + CHANNEL.length()).trim();
        int cut = 0;
        while (cut < name.length() && Character.isLetterOrDigit(name.charAt(cut))) {
            cut++;
        }
        return "final".equals(name.substring(0, cut)) ? Part.Kind.CONTENT : Part.Kind.REASONING;
    }
}
