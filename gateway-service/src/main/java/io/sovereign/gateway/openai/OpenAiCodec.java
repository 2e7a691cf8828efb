package io.sovereign.gateway.openai;

import io.sovereign.gateway.classify.RequestText;
import io.sovereign.gateway.classify.TextSegment;
import io.sovereign.gateway.request.BodyCodec;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.Dialect;
import io.sovereign.gateway.request.TargetDialect;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes a request in OpenAI's chat-completions or embeddings dialect. A bridged front-end (Responses, Messages)
 * whose tree is a chat-completions body uses {@link #CHAT} as well, with its own {@code withTexts} if its texts
 * are not the tree's.
 */
public enum OpenAiCodec implements BodyCodec {
    CHAT,
    EMBEDDINGS;

    public static OpenAiCodec of(Dialect dialect) {
        return dialect == Dialect.EMBEDDINGS ? EMBEDDINGS : CHAT;
    }

    @Override
    public byte[] encode(CanonicalRequest request, TargetDialect target) {
        return RequestParser.JSON.writeValueAsBytes(tree(request, target));
    }

    /** The caller's tree, with the target's model name, its parameter dialect and the output cap the budget assumed. */
    static ObjectNode tree(CanonicalRequest request, TargetDialect target) {
        ObjectNode body = request.body().deepCopy();
        if (isEmbeddings(request)) {
            body.put("model", target.embeddingModel());
            return body;
        }
        body.put("model", target.chatModel());
        target.chatParameters().accept(body);
        if (request.maxOutputTokens() == null) {
            // the budget reserved this target's cap (x n); without it sent, an o-series model may think far beyond it
            body.put(target.outputCapParameter(), target.maxOutputTokens());
        }
        if (request.stream()) {
            // SETTLE charges streams by the target's own count; the chunk is removed if the caller did not ask
            ObjectNode options =
                    body.get("stream_options") instanceof ObjectNode o ? o : body.putObject("stream_options");
            options.put("include_usage", true);
        }
        return body;
    }

    private static boolean isEmbeddings(CanonicalRequest request) {
        return request.dialect() == Dialect.EMBEDDINGS;
    }

    @Override
    public CanonicalRequest withTexts(CanonicalRequest request, List<TextSegment> replaced) {
        ObjectNode body = request.body().deepCopy();
        RequestText.replace(body, replaced);
        CanonicalRequest again = this == EMBEDDINGS ? RequestParser.embeddings(body) : RequestParser.chat(body);
        // the caller still spoke its own API: only the texts changed
        return new CanonicalRequest(
                request.api(),
                again.model(),
                again.dialect(),
                again.body(),
                request.codec(),
                again.content(),
                again.tools(),
                again.maxOutputTokens(),
                again.choices(),
                again.stream(),
                again.includeUsage(),
                again.items(),
                null);
    }
}
