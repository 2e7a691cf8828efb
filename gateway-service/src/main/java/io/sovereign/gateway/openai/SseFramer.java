package io.sovereign.gateway.openai;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a server-sent-events byte stream into whole events, whatever the chunking: network chunks may end in
 * the middle of an event or of a UTF-8 character. Not thread-safe: one per stream, fed in order.
 */
public final class SseFramer {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** The events completed by this chunk, each without its blank-line terminator. */
    public List<String> accept(byte[] chunk) {
        pending.writeBytes(chunk);
        byte[] all = pending.toByteArray();
        List<String> events = new ArrayList<>(2);
        int start = 0;
        for (int i = 0; i + 1 < all.length; i++) {
            if (all[i] == '\n' && all[i + 1] == '\n') {
                events.add(new String(all, start, i - start, StandardCharsets.UTF_8));
                start = i + 2;
                i++;
            }
        }
        pending.reset();
        pending.write(all, start, all.length - start);
        return events;
    }

    /** Bytes after the last complete event (an unterminated tail), and forgets them. */
    public byte[] finish() {
        byte[] rest = pending.toByteArray();
        pending.reset();
        return rest;
    }

    public static byte[] frame(String event) {
        return (event + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
