package io.sovereign.gateway.openai;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import io.sovereign.gateway.error.GatewayError.InvalidRequest;
import tools.jackson.databind.JsonNode;

/**
 * Embeddings input given as token ids: each must be a token of cl100k_base (the vocabulary of OpenAI's
 * embedding models, and the one the classifier decodes them with to inspect them). An id outside it is the
 * caller's mistake, answered 400, not a decoder failure.
 */
final class TokenIds {

    private TokenIds() {}

    /** Loaded on first token-array input only. */
    private static final class Cl100k {
        static final Encoding ENCODING = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }

    static void check(JsonNode ids, String param) {
        for (JsonNode id : ids) {
            long v = id.longValue();
            if (v < 0 || v > Integer.MAX_VALUE || !decodes((int) v)) {
                throw new InvalidRequest(
                        "Invalid '" + param + "': " + id.asString() + " is not a token id (expected"
                                + " ids of the cl100k_base vocabulary).",
                        param);
            }
        }
    }

    private static boolean decodes(int id) {
        IntArrayList one = new IntArrayList(1);
        one.add(id);
        try {
            Cl100k.ENCODING.decodeBytes(one);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
