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
 * turn, so a decode step neither allocates nor copies the cache on the Java side. Rows are right-aligned: row r
 * holds its {@code validLength(r)} positions at the end of the {@code length()} slots, left padding is masked.
 */
public final class KvCache {
    private final OrtEnvironment env;
    private final CacheShape shape;
    private final int rows;
    private final int[] valid;
    private ByteBuffer[] current;
    private ByteBuffer[] next;
    private int length;

    KvCache(OrtEnvironment env, CacheShape shape, int rows, int capacity) {
        this.env = env;
        this.shape = shape;
        this.rows = rows;
        this.valid = new int[rows];
        this.current = allocate(capacity);
        this.next = allocate(capacity);
    }

    public int rows() { return rows; }

    /** Slots per row (the padded past length). */
    public int length() { return length; }

    /** Positions that row {@code r} really holds (its tokens so far). */
    public int validLength(int r) { return valid[r]; }

    long bytes() { return (long) current.length * 2 * current[0].capacity(); }

    private ByteBuffer[] allocate(int positions) {
        ByteBuffer[] buffers = new ByteBuffer[shape.tensors()];
        long size = (long) rows * shape.bytesPerPosition() * Math.max(positions, 1);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalStateException("KV cache of " + size + " bytes per tensor exceeds one buffer");
        }
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = ByteBuffer.allocateDirect((int) size).order(ByteOrder.nativeOrder());
        }
        return buffers;
    }

    /** Makes room for {@code added} more positions, keeping the current contents. */
    void reserve(int added) {
        long needed = (long) rows * shape.bytesPerPosition() * (length + added);
        if (needed <= current[0].capacity()) {
            return;
        }
        int positions = Math.max(length + added, length * 2);
        ByteBuffer[] grownCurrent = allocate(positions);
        int used = rows * shape.bytesPerPosition() * length;
        for (int i = 0; i < current.length; i++) {
            grownCurrent[i].put(0, current[i], 0, used);
        }
        current = grownCurrent;
        next = allocate(positions);
    }

    OnnxTensor pastTensor(int i) throws OrtException {
        return view(current[i], length);
    }

    OnnxTensor presentTensor(int i, int added) throws OrtException {
        return view(next[i], length + added);
    }

    private OnnxTensor view(ByteBuffer buffer, int positions) throws OrtException {
        int bytes = rows * shape.bytesPerPosition() * positions;
        ByteBuffer slice = buffer.duplicate().position(0).limit(bytes).slice().order(ByteOrder.nativeOrder());
        long[] dims = {rows, shape.heads(), positions, shape.headDim()};
        return OnnxTensor.createTensor(env, slice, dims, shape.type());
    }

    /** After a run wrote {@code present.*} into the other buffers: they become the cache. */
    void advance(int added) {
        ByteBuffer[] t = current;
        current = next;
        next = t;
        length += added;
        for (int r = 0; r < rows; r++) {
            valid[r] += added;
        }
    }

    /** The attention mask for a step that appends {@code added} positions: padding 0, real positions 1. */
    long[] attentionMask(int added) {
        int total = length + added;
        long[] mask = new long[rows * total];
        for (int r = 0; r < rows; r++) {
            for (int t = length - valid[r]; t < total; t++) {
                mask[r * total + t] = 1;
            }
        }
        return mask;
    }

    /** A reference to one row of a cache, to build a new batch from. */
    public record Row(KvCache cache, int row) {
        int valid() { return cache.valid[row]; }
    }

    /**
     * Packs rows of existing caches into a new batch cache (right-aligned, zero padding), with room for
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
        for (int r = 0; r < rows.size(); r++) {
            Row src = rows.get(r);
            int n = src.valid();
            packed.valid[r] = n;
            for (int i = 0; i < shape.tensors(); i++) {
                ByteBuffer from = src.cache().current[i];
                ByteBuffer to = packed.current[i];
                for (int h = 0; h < shape.heads(); h++) {
                    long fromOffset = ((long) (src.row() * shape.heads() + h) * src.cache().length
                            + (src.cache().length - n)) * perHead;
                    long toOffset = ((long) (r * shape.heads() + h) * target + (target - n)) * perHead;
                    to.put((int) toOffset, from, (int) fromOffset, n * perHead);
                }
            }
        }
        return packed;
    }

    /** Per-model facts about the cache tensors, discovered from the graph's inputs. */
    public record CacheShape(int tensors, int heads, int headDim, OnnxJavaType type) {
        public int elementBytes() {
            return switch (type) {
                case FLOAT -> 4;
                case FLOAT16, BFLOAT16 -> 2;
                default -> throw new IllegalArgumentException("unsupported KV cache type " + type);
            };
        }

        int bytesPerPosition() { return heads * headDim * elementBytes(); }
    }
}
