package io.sovereign.gateway.request;

import io.sovereign.gateway.classify.TextSegment;
import java.util.List;

/**
 * Turns a canonical request back into bytes for a target, and rebuilds it when redaction replaced some of its texts.
 * Each front-end brings its own (a bridged front-end's tree is already in the chat-completions dialect, so it can
 * reuse that codec).
 */
public interface BodyCodec {

    /** The body a target is sent: the caller's tree with the target's model name, its parameter dialect and caps. */
    byte[] encode(CanonicalRequest request, TargetDialect target);

    /** The same request with the given texts (by path) replaced, parsed and checked again. */
    CanonicalRequest withTexts(CanonicalRequest request, List<TextSegment> replaced);
}
