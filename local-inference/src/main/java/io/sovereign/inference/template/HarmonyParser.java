package io.sovereign.inference.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams gpt-oss "harmony" output into caller-visible parts. A message is a header and a body:
 * {@code [<|start|>assistant][ to=RECIPIENT]<|channel|>CHANNEL[ to=RECIPIENT][ <|constrain|>json]<|message|>BODY}
 * ended by {@code <|end|>}, {@code <|return|>} or {@code <|call|>}. The final channel, and commentary addressed to no
 * one (a preamble meant for the user), become {@code content}; the analysis channel {@code reasoning_content}; a
 * message to {@code functions.NAME} a tool call whose body is its JSON arguments. Markup never leaks.
 */
public final class HarmonyParser {
    private static final String MESSAGE = "<|message|>";
    private static final String CHANNEL = "<|channel|>";
    private static final List<String> BODY_END = List.of("<|end|>", "<|return|>", "<|call|>");
    private static final Pattern RECIPIENT = Pattern.compile("to=([^\\s<]+)");

    private final StringBuilder buffer = new StringBuilder();
    private boolean inBody;
    private Part.Kind channel = Part.Kind.CONTENT;
    private int toolCalls;

    /** A piece of visible output; for tool calls {@code name} is the function and {@code index} its position. */
    public record Part(Kind kind, String text, String name, int index) {
        public Part(Kind kind, String text) {
            this(kind, text, null, -1);
        }

        /** TOOL_CALL opens a call (text empty, name set); TOOL_ARGUMENTS carries a piece of its JSON arguments. */
        public enum Kind {
            CONTENT,
            REASONING,
            TOOL_CALL,
            TOOL_ARGUMENTS
        }
    }

    /** How many tool calls the output has opened so far. */
    public int toolCalls() {
        return toolCalls;
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
                    open(buffer.substring(0, m), parts);
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

    /** At the end of generation: a body cut short (length limit, or a stop token) is released; plain text is content. */
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

    private void open(String header, List<Part> parts) {
        Matcher to = RECIPIENT.matcher(header);
        String recipient = to.find() ? to.group(1) : null;
        if (recipient != null && recipient.startsWith("functions.") && recipient.length() > "functions.".length()) {
            channel = Part.Kind.TOOL_ARGUMENTS;
            parts.add(new Part(Part.Kind.TOOL_CALL, "", recipient.substring("functions.".length()), toolCalls++));
            return;
        }
        String name = channelName(header);
        // analysis, and messages to a tool the caller did not define (builtin browser/python), stay hidden reasoning
        channel = recipient == null && (name.equals("final") || name.equals("commentary") || name.isEmpty())
                ? Part.Kind.CONTENT
                : Part.Kind.REASONING;
    }

    private void add(List<Part> parts, String text) {
        if (!text.isEmpty()) {
            parts.add(
                    channel == Part.Kind.TOOL_ARGUMENTS
                            ? new Part(channel, text, null, toolCalls - 1)
                            : new Part(channel, text));
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

    private static String channelName(String header) {
        int c = header.indexOf(CHANNEL);
        if (c < 0) {
            return "";
        }
        String name = header.substring(c + CHANNEL.length()).trim();
        int cut = 0;
        while (cut < name.length() && Character.isLetterOrDigit(name.charAt(cut))) {
            cut++;
        }
        return name.substring(0, cut);
    }
}
