package io.sovereign.gateway.classify;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Decodes an {@link Attachment} and says what it holds: text to classify (text/*, JSON, XML, SVG, any payload
 * that is in fact printable UTF-8, and the text of a PDF), or the kind of content that cannot be inspected
 * (image, audio, video, archive, binary, undecodable), which gets the policy's {@code uninspectable} level.
 * The bytes decide, not the declared type: an "image/png" whose bytes are text is classified as text.
 */
final class Attachments {

    /** What an attachment turned out to be: {@code text} to classify and/or an {@code opaque} kind. */
    record Inspection(String text, String opaque, boolean overBudget) {
        static Inspection text(String t, boolean overBudget) {
            return new Inspection(t, null, overBudget);
        }

        static Inspection opaque(String kind) {
            return new Inspection(null, kind, false);
        }
    }

    /** Per-request limits, spent as attachments are decoded. */
    static final class Budget {
        long bytes;
        int chars;
        final long deadlineNanos;

        Budget(long bytes, int chars, long deadlineNanos) {
            this.bytes = bytes;
            this.chars = chars;
            this.deadlineNanos = deadlineNanos;
        }

        boolean late() {
            return System.nanoTime() - deadlineNanos > 0;
        }
    }

    private Attachments() {}

    static Inspection inspect(Attachment a, Budget budget) {
        byte[] bytes;
        boolean cut = false;
        if (a.base64()) {
            String payload = stripWhitespace(a.source(), a.payloadStart());
            long need = payload.length() / 4L * 3;
            if (need > budget.bytes) {
                payload = payload.substring(0, (int) Math.max(0, budget.bytes / 3 * 4));
                cut = true;
            }
            bytes = base64(payload);
            if (bytes == null) {
                return Inspection.opaque("undecodable");
            }
        } else {
            bytes = percentDecoded(a.source(), a.payloadStart());
            if (bytes.length > budget.bytes) {
                bytes = java.util.Arrays.copyOf(bytes, (int) budget.bytes);
                cut = true;
            }
        }
        budget.bytes -= bytes.length;
        if (bytes.length == 0) {
            return Inspection.text("", cut);
        }
        String kind = magic(bytes);
        if ("pdf".equals(kind) || kind == null && a.mediaType().equals("application/pdf")) {
            PdfText.Result pdf = PdfText.extract(bytes, budget);
            if (pdf.text() == null) {
                return new Inspection(null, pdf.opaque(), cut);
            }
            return new Inspection(pdf.text(), pdf.opaque(), cut || pdf.overBudget());
        }
        if (kind != null) {
            return new Inspection(null, kind, cut);
        }
        String text = text(bytes, a.mediaType());
        if (text == null) {
            return new Inspection(null, declaredKind(a.mediaType()), cut);
        }
        if (text.length() > budget.chars) {
            text = text.substring(0, Math.max(0, budget.chars));
            cut = true;
        }
        budget.chars -= text.length();
        return Inspection.text(text, cut);
    }

    /** The kind of a binary format recognised by its first bytes, "pdf", or null. */
    static String magic(byte[] b) {
        if (starts(b, "%PDF-")) {
            return "pdf";
        }
        if (starts(b, 0x89, 'P', 'N', 'G')
                || starts(b, 0xFF, 0xD8, 0xFF)
                || starts(b, "GIF8")
                || starts(b, "BM")
                || starts(b, 'I', 'I', 42, 0)
                || starts(b, 'M', 'M', 0, 42)
                || starts(b, 0, 0, 1, 0)
                || riff(b, "WEBP")
                || ftyp(b, "avif", "heic", "heix", "mif1")) {
            return "image";
        }
        if (riff(b, "WAVE")
                || starts(b, "ID3")
                || starts(b, "OggS")
                || starts(b, "fLaC")
                || b.length > 1 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0
                || ftyp(b, "M4A ")) {
            return "audio";
        }
        if (ftyp(b, (String[]) null) || riff(b, "AVI ") || starts(b, 0x1A, 0x45, 0xDF, 0xA3)) {
            return "video";
        }
        if (starts(b, 'P', 'K', 3, 4)
                || starts(b, 0x1F, 0x8B)
                || starts(b, '7', 'z', 0xBC, 0xAF)
                || starts(b, "Rar!")
                || starts(b, "BZh")
                || starts(b, 0xFD, '7', 'z', 'X', 'Z')
                || starts(b, 0x28, 0xB5, 0x2F, 0xFD)) {
            return "archive";
        }
        return null;
    }

    /** The bytes as text: valid UTF-8 (or the declared charset of a text type) that is at least 90% printable. */
    static String text(byte[] bytes, String mediaType) {
        String utf8 = decode(bytes, StandardCharsets.UTF_8);
        if (utf8 != null && printable(utf8)) {
            return utf8;
        }
        if (textType(mediaType)) {
            String latin = new String(bytes, StandardCharsets.ISO_8859_1);
            return printable(latin) ? latin : null;
        }
        return null;
    }

    static boolean textType(String t) {
        return t.startsWith("text/")
                || t.endsWith("/json")
                || t.endsWith("+json")
                || t.endsWith("/xml")
                || t.endsWith("+xml")
                || t.equals("application/javascript")
                || t.equals("application/x-yaml")
                || t.equals("application/yaml")
                || t.equals("application/csv")
                || t.equals("application/x-ndjson");
    }

    private static String declaredKind(String t) {
        int slash = t.indexOf('/');
        String major = slash < 0 ? "" : t.substring(0, slash);
        return switch (major) {
            case "image", "audio", "video" -> major;
            default -> t.contains("zip") || t.contains("compressed") || t.contains("tar") ? "archive" : "binary";
        };
    }

    private static String decode(byte[] bytes, Charset cs) {
        try {
            return cs.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean printable(String text) {
        int good = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xA0)) || c == '\n' || c == '\r' || c == '\t') {
                good++;
            }
        }
        return good * 10L >= text.length() * 9L;
    }

    private static String stripWhitespace(String s, int from) {
        StringBuilder b = null;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                if (b == null) {
                    b = new StringBuilder(s.length() - from).append(s, from, i);
                }
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s.substring(from) : b.toString();
    }

    /** Standard or URL-safe base64, padding optional; null when it is not base64. */
    private static byte[] base64(String p) {
        int eq = p.indexOf('=');
        String body = eq >= 0 ? p.substring(0, eq) : p;
        if (eq >= 0 && !p.substring(eq).matches("={1,2}")) {
            return null;
        }
        if (body.length() % 4 == 1) {
            return null;
        }
        boolean url = body.indexOf('-') >= 0 || body.indexOf('_') >= 0;
        try {
            return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(body);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] percentDecoded(String s, int from) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length() - from);
        byte[] utf8 = s.substring(from).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            int h = i + 2 < utf8.length ? hex(utf8[i + 1]) : -1;
            int l = i + 2 < utf8.length ? hex(utf8[i + 2]) : -1;
            if (utf8[i] == '%' && h >= 0 && l >= 0) {
                out.write(h * 16 + l);
                i += 2;
            } else {
                out.write(utf8[i]);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    private static boolean starts(byte[] b, String prefix) {
        return starts(b, prefix.chars().toArray());
    }

    private static boolean starts(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != (prefix[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static boolean riff(byte[] b, String form) {
        return b.length >= 12 && starts(b, "RIFF") && new String(b, 8, 4, StandardCharsets.ISO_8859_1).equals(form);
    }

    /** An ISO base media file ({@code ....ftyp}); with brands, only those (null = any brand). */
    private static boolean ftyp(byte[] b, String... brands) {
        if (b.length < 12 || !new String(b, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")) {
            return false;
        }
        if (brands == null || brands.length == 1 && brands[0] == null) {
            return true;
        }
        String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (String want : brands) {
            if (brand.equals(want.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
