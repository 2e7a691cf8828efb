package io.sovereign.inference.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The key/value cache of a batch of sequences, kept in direct (off-heap) buffers that ONNX Runtime reads as
 * {@code past_key_values.*} and writes as pinned {@code present.*} outputs: two buffers per cache tensor used in
 * turn, so a decode step neither allocates nor copies the cache on the Java side. Two layouts, chosen by the graph:
 * {@link Layout#LEFT_PADDED} (row r holds its {@code validLength(r)} positions at the end of the {@code length()}
 * slots, left padding masked: graphs fed explicit position_ids) and {@link Layout#PREFIX_ALIGNED} (row r holds its
 * positions at [0, validLength(r)), padding on the right: GroupQueryAttention graphs, which take each row's length
 * from the mask as seqlens_k and write and rotate its new tokens from there). A tensor of a sliding-window layer
 * exported with a window-sized cache holds only each row's last {@code min(valid, window)} positions, at the front
 * (prefix-aligned): its buffers stop growing at the window.
 */
public final class KvCache {
    private final OrtEnvironment env;
    private final CacheShape shape;
    private final int rows;
    private final int[] valid;
    private final ByteBuffer[] current;
    private final ByteBuffer[] next;
    private int length;

    KvCache(OrtEnvironment env, CacheShape shape, int rows, int capacity) {
        this.env = env;
        this.shape = shape;
        this.rows = rows;
        this.valid = new int[rows];
        this.current = new ByteBuffer[shape.tensors()];
        this.next = new ByteBuffer[shape.tensors()];
        for (int i = 0; i < current.length; i++) {
            current[i] = allocate(i, capacity);
            next[i] = allocate(i, capacity);
        }
    }

    public int rows() {
        return rows;
    }

    /** Slots per row (the padded past length). */
    public int length() {
        return length;
    }

    /** Positions that row {@code r} really holds (its tokens so far). */
    public int validLength(int r) {
        return valid[r];
    }

    /** Bytes held by both buffer sets. */
    public long bytes() {
        long total = 0;
        for (int i = 0; i < current.length; i++) total += current[i].capacity() + next[i].capacity();
        return total;
    }

    private ByteBuffer allocate(int tensor, int positions) {
        long size = (long) rows * shape.bytesPerPosition() * Math.max(shape.positions(tensor, positions), 1);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalStateException("KV cache of " + size + " bytes per tensor exceeds one buffer");
        }
        return ByteBuffer.allocateDirect((int) size).order(ByteOrder.nativeOrder());
    }

    /** Makes room for {@code added} more positions, keeping the current contents (a window-sized tensor stops growing). */
    void reserve(int added) {
        for (int i = 0; i < current.length; i++) {
            long needed = (long) rows * shape.bytesPerPosition() * shape.positions(i, length + added);
            if (needed <= current[i].capacity()) {
                continue;
            }
            int positions = Math.max(length + added, length * 2);
            ByteBuffer grown = allocate(i, positions);
            grown.put(0, current[i], 0, rows * shape.bytesPerPosition() * shape.positions(i, length));
            current[i] = grown;
            next[i] = allocate(i, positions);
        }
    }

    OnnxTensor pastTensor(int i) throws OrtException {
        return view(current[i], shape.positions(i, length));
    }

    OnnxTensor presentTensor(int i, int added) throws OrtException {
        return view(next[i], shape.positions(i, length + added));
    }

    private OnnxTensor view(ByteBuffer buffer, int positions) throws OrtException {
        int bytes = rows * shape.bytesPerPosition() * positions;
        ByteBuffer slice = buffer.duplicate().position(0).limit(bytes).slice().order(ByteOrder.nativeOrder());
        long[] dims = {rows, shape.heads(), positions, shape.headDim()};
        return OnnxTensor.createTensor(env, slice, dims, shape.type());
    }

    /** After a run that fed {@code seq} slots per row of which row r's first {@code real[r]} were real tokens. */
    void advance(int seq, int[] real) {
        for (int i = 0; i < current.length; i++) {
            ByteBuffer t = current[i];
            current[i] = next[i];
            next[i] = t;
        }
        length += seq;
        for (int r = 0; r < rows; r++) {
            valid[r] += real[r];
        }
    }

    /**
     * The attention mask for a step that feeds {@code seq} slots per row, row r's first {@code real[r]} real: left
     * padded, ones over the row's valid tail; prefix-aligned, ones over [0, valid + real) so sum - 1 is seqlens_k.
     */
    long[] attentionMask(int seq, int[] real) {
        int total = length + seq;
        long[] mask = new long[rows * total];
        for (int r = 0; r < rows; r++) {
            int from = shape.layout() == Layout.PREFIX_ALIGNED ? 0 : length - valid[r];
            int to = shape.layout() == Layout.PREFIX_ALIGNED ? valid[r] + real[r] : total;
            for (int t = from; t < to; t++) {
                mask[r * total + t] = 1;
            }
        }
        return mask;
    }

    /** A reference to one row of a cache, to build a new batch from. */
    public record Row(KvCache cache, int row) {
        int valid() {
            return cache.valid[row];
        }
    }

    /**
     * Packs rows of existing caches into a new batch cache (in the shape's layout, zero padding), with room for
     * {@code reserve} more positions. Used when the set of decoding sequences changes.
     */
    static KvCache gather(OrtEnvironment env, CacheShape shape, List<Row> rows, int reserve) {
        int target = 0;
        for (Row row : rows) {
            target = Math.max(target, row.valid());
        }
        KvCache packed = new KvCache(env, shape, rows.size(), target + reserve);
        packed.length = target;
        int perHead = shape.headDim() * shape.elementBytes();
        boolean prefix = shape.layout() == Layout.PREFIX_ALIGNED;
        for (int r = 0; r < rows.size(); r++) {
            Row src = rows.get(r);
            packed.valid[r] = src.valid();
            for (int i = 0; i < shape.tensors(); i++) {
                // a window-sized tensor holds the row's last min(valid, window) positions, at the front
                int n = shape.positions(i, src.valid());
                int fromLength = shape.positions(i, src.cache().length);
                int toLength = shape.positions(i, target);
                ByteBuffer from = src.cache().current[i];
                ByteBuffer to = packed.current[i];
                for (int h = 0; h < shape.heads(); h++) {
                    long fromOffset =
                            ((long) (src.row() * shape.heads() + h) * fromLength + (prefix ? 0 : fromLength - n))
                                    * perHead;
                    long toOffset = ((long) (r * shape.heads() + h) * toLength + (prefix ? 0 : toLength - n)) * perHead;
                    to.put((int) toOffset, from, (int) fromOffset, n * perHead);
                }
            }
        }
        return packed;
    }

    static KvCache synthetic(OrtEnvironment env, CacheShape shape, int rows, int length, int reserve) {
        KvCache cache = new KvCache(env, shape, rows, length + reserve);
        cache.length = length;
        java.util.Arrays.fill(cache.valid, length);
        return cache;
    }

    /**
     * Per-model facts about the cache tensors, discovered from the graph: {@code windows[i]} is the most positions
     * tensor i ever holds (a sliding-window layer exported with a window-sized cache), 0 where it grows with the
     * sequence.
     */
    public record CacheShape(int tensors, int heads, int headDim, OnnxJavaType type, Layout layout, int[] windows) {
        public CacheShape {
            windows = windows == null ? new int[tensors] : windows.clone();
            if (windows.length != tensors) throw new IllegalArgumentException("one window per cache tensor");
        }

        public CacheShape(int tensors, int heads, int headDim, OnnxJavaType type, Layout layout) {
            this(tensors, heads, headDim, type, layout, null);
        }

        /** Positions tensor i holds when the sequence (or the batch's longest row) has {@code length}. */
        public int positions(int tensor, int length) {
            int window = windows[tensor];
            return window > 0 ? Math.min(length, window) : length;
        }

        @Override
        public int[] windows() {
            return windows.clone();
        }

        /** The window of tensor i, 0 when it grows with the sequence. */
        public int window(int tensor) {
            return windows[tensor];
        }

        /** Bytes of one buffer set for {@code rows} rows at {@code context} positions (what crosses to a device). */
        public long pastBytes(int rows, int context) {
            long total = 0;
            for (int i = 0; i < tensors; i++) total += (long) rows * bytesPerPosition() * positions(i, context);
            return total;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CacheShape c
                    && tensors == c.tensors
                    && heads == c.heads
                    && headDim == c.headDim
                    && type == c.type
                    && layout == c.layout
                    && java.util.Arrays.equals(windows, c.windows);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(tensors, heads, headDim, type, layout, java.util.Arrays.hashCode(windows));
        }

        @Override
        public String toString() {
            return "CacheShape[tensors=" + tensors + ", heads=" + heads + ", headDim=" + headDim + ", type=" + type
                    + ", layout=" + layout + ", windows=" + java.util.Arrays.toString(windows) + "]";
        }

        public int elementBytes() {
            return switch (type) {
                case FLOAT -> 4;
                case FLOAT16, BFLOAT16 -> 2;
                default -> throw new IllegalArgumentException("unsupported KV cache type " + type);
            };
        }

        int bytesPerPosition() {
            return heads * headDim * elementBytes();
        }
    }

    /** Where a row's positions sit among the batch's slots. */
    public enum Layout {
        LEFT_PADDED,
        PREFIX_ALIGNED
    }
}
