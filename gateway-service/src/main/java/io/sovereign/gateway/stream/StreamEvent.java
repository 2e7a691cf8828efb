package io.sovereign.gateway.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One event of an answer: an SSE event (its {@code data:} payload, the {@code event:} name, the other lines as
 * received), or a whole non-streamed JSON answer. The payload is parsed into JSON at most once, on the first
 * {@link #json()}, and shared by every handler; an event nobody changed goes out as the bytes that came in.
 */
public final class StreamEvent {

    /** What an event carries. */
    public enum Kind {
        /** A {@code data:} payload (JSON, normally), or a whole answer. */
        DATA,
        /** {@code data: [DONE]}, the chat stream's last event. */
        DONE,
        /** No data: a comment or keep-alive ({@code : ping}), or only {@code id:}/{@code retry:} lines. */
        OTHER
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] DONE_BYTES = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final Kind kind;
    private final boolean whole;
    private final String name;
    private final byte[] raw; // the event's lines as received, null when made by a handler
    private byte[] data; // the payload: a slice of raw (one data line) or its own bytes
    private int dataOff;
    private int dataLen;
    private JsonNode json;
    private boolean parsed;
    private boolean changed;

    private StreamEvent(Kind kind, boolean whole, String name, byte[] raw, byte[] data, int dataOff, int dataLen) {
        this.kind = kind;
        this.whole = whole;
        this.name = name;
        this.raw = raw;
        this.data = data;
        this.dataOff = dataOff;
        this.dataLen = dataLen;
    }

    /** A data event made by a handler ({@code data: JSON}). */
    public static StreamEvent of(JsonNode data) {
        return of(null, data);
    }

    /** A named event made by a handler ({@code event: NAME} then {@code data: JSON}), e.g. a translated one. */
    public static StreamEvent of(String name, JsonNode data) {
        StreamEvent e = new StreamEvent(Kind.DATA, false, name, null, null, 0, 0);
        e.json = data;
        e.parsed = true;
        e.changed = true;
        return e;
    }

    /** A whole non-streamed answer made by a handler (a translation replacing the one it got). */
    public static StreamEvent answer(JsonNode body) {
        StreamEvent e = new StreamEvent(Kind.DATA, true, null, null, null, 0, 0);
        e.json = body;
        e.parsed = true;
        e.changed = true;
        return e;
    }

    /** A data event whose JSON is already rendered (parsed only if a later handler asks). */
    static StreamEvent ofData(byte[] json) {
        return new StreamEvent(Kind.DATA, false, null, null, json, 0, json.length);
    }

    /** A whole non-streamed answer as it came. */
    static StreamEvent whole(byte[] body) {
        return new StreamEvent(Kind.DATA, true, null, null, body, 0, body.length);
    }

    /** Reads an event's lines (as the framer cut them) into its fields; copies the bytes once. */
    static StreamEvent parse(byte[] buf, int off, int len) {
        byte[] raw = Arrays.copyOfRange(buf, off, off + len);
        String name = null;
        int dataLines = 0;
        int firstOff = 0;
        int firstLen = 0;
        byte[] joined = null;
        int joinedLen = 0;
        for (int start = 0; start < raw.length; ) {
            int end = lineEnd(raw, start);
            int colon = indexOf(raw, start, end, (byte) ':');
            int fieldEnd = colon < 0 ? end : colon;
            int value = colon < 0 ? end : colon + 1;
            if (value < end && raw[value] == ' ') {
                value++;
            }
            if (fieldEnd == start) {
                // a comment line: passed through as it is
            } else if (is(raw, start, fieldEnd, "data")) {
                if (++dataLines == 1) {
                    firstOff = value;
                    firstLen = end - value;
                } else {
                    if (joined == null) {
                        joined = new byte[raw.length];
                        System.arraycopy(raw, firstOff, joined, 0, firstLen);
                        joinedLen = firstLen;
                    }
                    joined[joinedLen++] = '\n';
                    System.arraycopy(raw, value, joined, joinedLen, end - value);
                    joinedLen += end - value;
                }
            } else if (is(raw, start, fieldEnd, "event")) {
                name = new String(raw, value, end - value, StandardCharsets.UTF_8);
            }
            start = nextLine(raw, end);
        }
        if (dataLines == 0) {
            return new StreamEvent(Kind.OTHER, false, name, raw, null, 0, 0);
        }
        byte[] data = joined == null ? raw : joined;
        int dOff = joined == null ? firstOff : 0;
        int dLen = joined == null ? firstLen : joinedLen;
        boolean done =
                dLen == DONE_BYTES.length && Arrays.equals(data, dOff, dOff + dLen, DONE_BYTES, 0, DONE_BYTES.length);
        return new StreamEvent(done ? Kind.DONE : Kind.DATA, false, name, raw, data, dOff, dLen);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isDone() {
        return kind == Kind.DONE;
    }

    /** True for a whole non-streamed answer (chat: {@code choices[].message}), false for a stream's event. */
    public boolean isWhole() {
        return whole;
    }

    /** The {@code event:} name, or null (chat completion streams use none). */
    public String name() {
        return name;
    }

    /**
     * The payload as JSON, parsed on the first call and shared by every handler after it; null for events
     * without data, {@code [DONE]}, and payloads that are not JSON. Edit it in place, then call {@link #changed()}.
     */
    public JsonNode json() {
        if (!parsed) {
            parsed = true;
            if (kind == Kind.DATA && dataLen > 0) {
                try {
                    json = JSON.readTree(data, dataOff, dataLen);
                } catch (JacksonException e) {
                    json = null; // not JSON: handlers leave it alone and it goes out as it came
                }
            }
        }
        return json;
    }

    /** The payload was edited: it is written from {@link #json()} instead of the bytes received. */
    public void changed() {
        if (json() == null) {
            throw new IllegalStateException("only a JSON payload can be changed");
        }
        changed = true;
    }

    boolean isChanged() {
        return changed;
    }

    /** The event as it goes to the caller. */
    void writeTo(ByteSink out) {
        if (whole) {
            if (changed) {
                JSON.writeValue(out, json);
            } else {
                out.write(data, dataOff, dataLen);
            }
            return;
        }
        if (raw != null && !changed) {
            out.write(raw, 0, raw.length);
            out.write('\n');
            out.write('\n');
            return;
        }
        if (raw != null) {
            writeLinesExceptData(out);
        } else if (name != null) {
            out.ascii("event: ");
            out.write(name.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        out.ascii("data: ");
        if (changed) {
            JSON.writeValue(out, json);
        } else {
            out.write(data, dataOff, dataLen);
        }
        out.write('\n');
        out.write('\n');
    }

    private void writeLinesExceptData(ByteSink out) {
        for (int start = 0; start < raw.length; ) {
            int end = lineEnd(raw, start);
            int colon = indexOf(raw, start, end, (byte) ':');
            if (!is(raw, start, colon < 0 ? end : colon, "data")) {
                out.write(raw, start, end - start);
                out.write('\n');
            }
            start = nextLine(raw, end);
        }
    }

    private static int lineEnd(byte[] b, int from) {
        int i = from;
        while (i < b.length && b[i] != '\n' && b[i] != '\r') {
            i++;
        }
        return i;
    }

    private static int nextLine(byte[] b, int end) {
        if (end < b.length && b[end] == '\r' && end + 1 < b.length && b[end + 1] == '\n') {
            return end + 2;
        }
        return end + 1;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean is(byte[] b, int from, int to, String field) {
        if (to - from != field.length()) {
            return false;
        }
        for (int i = 0; i < field.length(); i++) {
            if (b[from + i] != field.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "StreamEvent[" + kind + (whole ? ", whole" : "") + (name == null ? "" : ", " + name) + "]";
    }
}
