package io.sovereign.inference.model;

import java.util.Arrays;

/**
 * Turns a growing token sequence into text deltas without re-decoding everything each step and without
 * emitting half a UTF-8 character: it decodes a short window and holds text back while it ends in U+FFFD
 * (the way Hugging Face's streamers and vLLM do).
 */
public final class IncrementalDetokenizer {
    private final TextTokenizer tokenizer;
    private final boolean skipSpecialTokens;
    private long[] ids = new long[64];
    private int count;
    private int prefixOffset;
    private int readOffset;

    public IncrementalDetokenizer(TextTokenizer tokenizer, boolean skipSpecialTokens) {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
    }

    /** Adds one token and returns the text it completes (possibly empty). */
    public String add(long id) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = id;
        String prefix = tokenizer.decode(Arrays.copyOfRange(ids, prefixOffset, readOffset), skipSpecialTokens);
        String full = tokenizer.decode(Arrays.copyOfRange(ids, prefixOffset, count), skipSpecialTokens);
        if (full.length() > prefix.length() && !full.endsWith("\uFFFD")) {
            prefixOffset = readOffset;
            readOffset = count;
            return full.substring(prefix.length());
        }
        return "";
    }

    /** Whatever is still held back (an incomplete character at the end of the output). */
    public String flush() {
        String prefix = tokenizer.decode(Arrays.copyOfRange(ids, prefixOffset, readOffset), skipSpecialTokens);
        String full = tokenizer.decode(Arrays.copyOfRange(ids, prefixOffset, count), skipSpecialTokens);
        readOffset = count;
        prefixOffset = count;
        return full.length() > prefix.length() ? full.substring(prefix.length()) : "";
    }
}
