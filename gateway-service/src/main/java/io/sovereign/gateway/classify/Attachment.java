package io.sovereign.gateway.classify;

import java.util.Locale;

/**
 * Inline content found in a request body and not yet decoded: a {@code data:} URI wherever it is (a file or
 * image part, or plain message text that merely starts with one), or a bare base64 field of a content part
 * (chat's {@code input_audio.data}, Anthropic's {@code source.data}). {@link Attachments} decodes it inside
 * the classifier, off the event loop and within budgets. toString never prints the content.
 *
 * @param path         JSON path of the string (e.g. {@code messages[0].content[1].file.file_data})
 * @param mediaType    declared media type, lower case ({@code ""} when none was declared)
 * @param header       the data URI's parameters ({@code ;name=...}) as written, classified as text too
 * @param base64       whether the payload is base64 (else percent-encoded, as in {@code data:,Hello%20there})
 * @param source       the whole string as it appears in the body
 * @param payloadStart where the payload starts in {@code source}
 */
public record Attachment(
        String path, String mediaType, String header, boolean base64, String source, int payloadStart) {

    private static final int MAX_HEADER = 1024;

    /** The string as a data URI, or null when it is not one (then it is ordinary text). */
    static Attachment dataUri(String path, String s) {
        if (s.length() < 6 || !s.regionMatches(true, 0, "data:", 0, 5)) {
            return null;
        }
        int comma = s.indexOf(',', 5);
        if (comma < 0 || comma - 5 > MAX_HEADER) {
            return null;
        }
        String header = s.substring(5, comma);
        String[] parts = header.split(";", -1);
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !mediaType(type)) {
            return null;
        }
        boolean base64 = false;
        StringBuilder params = new StringBuilder();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.equalsIgnoreCase("base64") && i == parts.length - 1) {
                base64 = true;
            } else if (p.indexOf('=') > 0) {
                params.append(p).append('\n');
            } else {
                return null; // not the grammar of a data URI: classify the whole string as text
            }
        }
        return new Attachment(path, type, params.toString(), base64, s, comma + 1);
    }

    /** A bare base64 payload with the media type its part declares (e.g. {@code audio/wav}). */
    static Attachment base64(String path, String mediaType, String s) {
        return new Attachment(path, mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT), "", true, s, 0);
    }

    private static boolean mediaType(String t) {
        int slash = t.indexOf('/');
        if (slash <= 0 || slash == t.length() - 1 || t.indexOf('/', slash + 1) >= 0) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '/' || "!#$&^_.+-".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** Characters of the encoded payload. */
    public int payloadChars() {
        return source.length() - payloadStart;
    }

    @Override
    public String toString() {
        return "Attachment[path=" + path + ", type=" + mediaType + ", chars=" + payloadChars() + "]";
    }
}
