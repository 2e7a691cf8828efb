package io.sovereign.gateway.stream;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts a server-sent-events byte stream into events, whatever the chunking. Lines end in LF, CRLF or CR (the
 * SSE grammar), mixed freely; an empty line ends an event. Works on bytes, so a UTF-8 character split across
 * network chunks is never decoded half-way (CR and LF never occur inside a multi-byte sequence). Blank lines
 * outside an event are dropped, as SSE clients ignore them. Not thread-safe: one per stream, fed in order.
 */
final class SseFramer {

    /** An upstream that never ends its event must not take the heap with it. */
    static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    /** Receives each complete event: its lines as received, without the blank line that ended it. */
    @FunctionalInterface
    interface Sink {
        void event(byte[] buf, int off, int len);
    }

    private byte[] buf = new byte[4096];
    private int len;
    private int scan;
    private int lineStart;
    private int eventStart = -1; // first byte of the current event, -1 between events
    private int lastLineEnd; // end of the current event's last line (its terminator excluded)
    private boolean afterCr; // the previous byte was CR: an LF right after it is the same line break

    void accept(ByteBuffer in, Sink sink) {
        compact();
        int n = in.remaining();
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        in.get(buf, len, n);
        len += n;
        for (; scan < len; scan++) {
            byte b = buf[scan];
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    lineStart = scan + 1;
                    continue;
                }
            }
            if (b != '\n' && b != '\r') {
                continue;
            }
            afterCr = b == '\r';
            if (scan == lineStart) {
                if (eventStart >= 0) {
                    sink.event(buf, eventStart, lastLineEnd - eventStart);
                    eventStart = -1;
                }
            } else {
                if (eventStart < 0) {
                    eventStart = lineStart;
                }
                lastLineEnd = scan;
            }
            lineStart = scan + 1;
        }
        if (len - keepFrom() > MAX_EVENT_BYTES) {
            throw new IllegalStateException("an upstream event exceeds " + MAX_EVENT_BYTES + " bytes without ending");
        }
    }

    /** The end of the stream: an event that was never terminated is still delivered (its bytes are whole). */
    void finish(Sink sink) {
        int end = lineStart < len ? len : (eventStart >= 0 ? lastLineEnd : -1);
        int start = eventStart >= 0 ? eventStart : lineStart;
        if (end > start) {
            sink.event(buf, start, end - start);
        }
        len = 0;
        scan = 0;
        lineStart = 0;
        eventStart = -1;
    }

    private int keepFrom() {
        return eventStart >= 0 ? eventStart : lineStart;
    }

    /** Drops what earlier events used, so the buffer holds only the unfinished event. */
    private void compact() {
        int keep = keepFrom();
        if (keep == 0) {
            return;
        }
        System.arraycopy(buf, keep, buf, 0, len - keep);
        len -= keep;
        scan -= keep;
        lineStart -= keep;
        if (eventStart >= 0) {
            eventStart -= keep;
            lastLineEnd -= keep;
        }
    }
}
