package io.sovereign.gateway.stream;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer the processor writes a call's output into and reuses across calls. Not thread-safe. */
final class ByteSink extends OutputStream {

    static final byte[] NONE = new byte[0];

    private byte[] buf = new byte[1024];
    private int size;

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    void ascii(String s) {
        write(s.getBytes(StandardCharsets.US_ASCII));
    }

    int size() {
        return size;
    }

    /** The bytes written since the last take, and empties the sink. */
    byte[] take() {
        if (size == 0) {
            return NONE;
        }
        byte[] out = Arrays.copyOf(buf, size);
        size = 0;
        return out;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
