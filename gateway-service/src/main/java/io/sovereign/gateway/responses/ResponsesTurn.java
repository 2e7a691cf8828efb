package io.sovereign.gateway.responses;

import io.sovereign.gateway.classify.RequestContent;
import io.sovereign.gateway.classify.TextSegment;
import io.sovereign.gateway.conversation.ResponseOwner;
import io.sovereign.gateway.conversation.ResponseStore;
import io.sovereign.gateway.conversation.StoredResponse;
import io.sovereign.gateway.openai.OpenAiCodec;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.request.BodyCodec;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.TargetDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Responses turn: the canonical request's codec and what the answer's way back needs: the caller's Responses
 * request (its settings are echoed), the tool map, the minted response id, and the conversation to store under that
 * id. A target that speaks only chat completions is sent the canonical tree, a chat body ({@link OpenAiCodec#CHAT}
 * encodes it); one that speaks the Responses API natively ({@link TargetDialect#passthrough()}) is sent the
 * stateless Responses body ({@link StatelessRequest}). Being the codec, it stays with the request through
 * redaction, which rewrites both bodies alike.
 *
 * @param request      the caller's Responses body, with item references resolved
 * @param names        the tool map of the translation
 * @param responseId   the id the answer gets ({@code resp_...})
 * @param createdAt    epoch seconds, as in {@code response.created_at}
 * @param conversation the stored history this turn continues, then its own input items
 * @param owner        who the response is stored for, or null when it is not stored ({@code store: false})
 * @param dropped      what the translation left out (hosted tools a chat target cannot run), or null
 * @param stateless    the body a native Responses target is sent ({@link StatelessRequest#of}), redacted as the
 *                     chat tree is
 */
public record ResponsesTurn(
        ObjectNode request,
        ToolNames names,
        String responseId,
        long createdAt,
        List<JsonNode> conversation,
        ResponseOwner owner,
        ResponseStore store,
        String dropped,
        ObjectNode stateless)
        implements BodyCodec {

    /** Paths of texts the caller sent that stay with the gateway (metadata): classified, never sent. */
    static final String KEPT_PREFIX = "responses:";

    public ResponsesTurn {
        conversation = List.copyOf(conversation);
    }

    @Override
    public byte[] encode(CanonicalRequest request, TargetDialect target) {
        if (!target.passthrough()) {
            return OpenAiCodec.CHAT.encode(request, target);
        }
        ObjectNode body = stateless.deepCopy();
        body.put("model", target.chatModel());
        target.droppedParameters().forEach(body::remove);
        if (request.maxOutputTokens() == null) {
            // the budget reserved this target's cap; without it sent, an o-series model may think far beyond it
            body.put("max_output_tokens", target.maxOutputTokens());
        }
        return RequestParser.JSON.writeValueAsBytes(body);
    }

    @Override
    public CanonicalRequest withTexts(CanonicalRequest request, List<TextSegment> replaced) {
        List<TextSegment> sent = new ArrayList<>();
        for (TextSegment s : replaced) {
            if (!s.path().startsWith(KEPT_PREFIX) && !s.path().startsWith(StatelessRequest.PREFIX)) {
                sent.add(s);
            }
        }
        CanonicalRequest again = OpenAiCodec.CHAT.withTexts(request, sent);
        ObjectNode redacted =
                StatelessRequest.redact(stateless, request.content().segments(), replaced);
        ResponsesTurn turn = new ResponsesTurn(
                this.request, names, responseId, createdAt, conversation, owner, store, dropped, redacted);
        return new CanonicalRequest(
                again.api(),
                again.model(),
                again.dialect(),
                again.body(),
                turn,
                withKept(StatelessRequest.content(again.content(), redacted), request.content()),
                again.tools(),
                again.maxOutputTokens(),
                again.choices(),
                again.stream(),
                again.includeUsage(),
                again.items(),
                null);
    }

    /** {@code sent}'s content plus the kept texts of {@code original}. */
    static RequestContent withKept(RequestContent sent, RequestContent original) {
        List<TextSegment> all = new ArrayList<>(sent.segments());
        for (TextSegment s : original.segments()) {
            if (s.path().startsWith(KEPT_PREFIX)) {
                all.add(s);
            }
        }
        return new RequestContent(all, sent.attachments(), sent.modalities());
    }

    /**
     * Keeps the produced response with the conversation that led to it (unless the caller said {@code store: false}).
     * Only a finished response is stored: a failed one cannot be continued.
     */
    public CompletableFuture<Void> completed(ObjectNode response) {
        if (owner == null || store == null) {
            return CompletableFuture.completedFuture(null);
        }
        String status = response.path("status").asString("");
        if (!status.equals("completed") && !status.equals("incomplete")) {
            return CompletableFuture.completedFuture(null);
        }
        ArrayNode input = JsonNodeFactory.instance.arrayNode();
        conversation.forEach(input::add);
        return store.put(owner, new StoredResponse(responseId, input, response));
    }

    /**
     * {@code write}, never failing: a response the store could not keep is logged (a follow-up naming it gets the
     * store's 404 or 503), and the answer still reaches the caller.
     */
    static CompletableFuture<Void> quietly(CompletableFuture<Void> write) {
        return write.exceptionally(e -> {
            LOG.warn("the conversation store did not keep a response: {}", String.valueOf(e.getMessage()));
            return null;
        });
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResponsesTurn.class);

    @Override
    public String toString() {
        return "ResponsesTurn[" + responseId + "]";
    }
}
