package io.sovereign.gateway.responses;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.RequestContent;
import io.sovereign.gateway.classify.RequestText;
import io.sovereign.gateway.classify.TextSegment;
import io.sovereign.gateway.conversation.ItemReferences;
import io.sovereign.gateway.conversation.ResponseOwner;
import io.sovereign.gateway.conversation.ResponseStore;
import io.sovereign.gateway.conversation.StoredResponse;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.request.Api;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.Dialect;
import io.sovereign.gateway.request.Endpoint;
import io.sovereign.gateway.request.FrontEnd;
import io.sovereign.gateway.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/responses}, bridged to chat completions: the conversation named by {@code previous_response_id}
 * (the caller's own, else 404) and the {@code item_reference}s of the input are read from the
 * {@link ResponseStore} first, so the whole conversation is in the chat tree the classifier reads and the target
 * gets (statelessly); the caller's {@code metadata}, which never leaves, is classified beside it. The answer goes
 * back through {@link ResponsesTranslator} with the {@link ResponsesTurn} this carries as the request's codec.
 */
public final class ResponsesFrontEnd implements FrontEnd {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ResponseStore store;

    public ResponsesFrontEnd(ResponseStore store) {
        this.store = store;
    }

    @Override
    public Api api() {
        return Api.RESPONSES;
    }

    @Override
    public String path() {
        return "/v1/responses";
    }

    /** Without a caller (no stored state can be read): the request as it stands, for checks and explanations. */
    @Override
    public CanonicalRequest parse(byte[] body) {
        ObjectNode request = RequestParser.object(body);
        return bridge(request, List.of(), inputItems(request), null);
    }

    @Override
    public CompletableFuture<CanonicalRequest> parse(byte[] body, GatewayPrincipal caller) {
        ObjectNode request = RequestParser.object(body);
        if (caller == null) {
            return CompletableFuture.completedFuture(bridge(request, List.of(), inputItems(request), null));
        }
        ResponseOwner owner = new ResponseOwner(caller.user(), caller.team());
        JsonNode previous = request.get("previous_response_id");
        if (previous != null && !previous.isNull() && !previous.isString()) {
            throw new GatewayError.InvalidRequest(
                    "Invalid type for 'previous_response_id': expected a string.", "previous_response_id");
        }
        String previousId = previous == null || previous.isNull() ? null : previous.stringValue();
        CompletableFuture<List<JsonNode>> history = previousId == null
                ? CompletableFuture.completedFuture(List.of())
                : read(owner, previousId).thenApply(found -> found.map(StoredResponse::history)
                        .orElseThrow(() -> new GatewayError.NotFound(
                                null,
                                "Previous response with id '" + shown(previousId) + "' not found.",
                                "previous_response_id")));
        boolean keep = !Boolean.FALSE.equals(
                request.path("store").isBoolean() ? request.get("store").booleanValue() : null);
        return history.thenCompose(h -> {
            JsonNode input = request.get("input");
            if (!(input instanceof ArrayNode items)) {
                return CompletableFuture.completedFuture(bridge(request, h, inputItems(request), keep ? owner : null));
            }
            return ItemReferences.resolve(store, owner, items, h).thenApply(resolved -> {
                request.set("input", resolved);
                return bridge(request, h, inputItems(request), keep ? owner : null);
            });
        });
    }

    private CompletableFuture<Optional<StoredResponse>> read(ResponseOwner owner, String id) {
        if (!ResponseStore.isWellFormedId(id)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return store.get(owner, id).exceptionally(e -> {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof StoreUnavailableException) {
                throw new GatewayError.Unavailable("conversation_store_unavailable", cause.getMessage());
            }
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        });
    }

    /** The turn's own input as items (a string input is one user message), for storing the conversation. */
    private static List<JsonNode> inputItems(ObjectNode request) {
        JsonNode input = request.get("input");
        List<JsonNode> items = new ArrayList<>();
        if (input != null && input.isString()) {
            items.add(NODES.objectNode().put("role", "user").put("content", input.stringValue()));
        } else if (input != null && input.isArray()) {
            input.forEach(items::add);
        }
        return items;
    }

    private CanonicalRequest bridge(
            ObjectNode request, List<JsonNode> history, List<JsonNode> input, ResponseOwner owner) {
        ResponsesToChat.ChatRequest chat;
        try {
            chat = ResponsesToChat.translate(request, history);
        } catch (ResponsesRequestError e) {
            throw new GatewayError.InvalidRequest(e.getMessage(), e.param());
        }
        CanonicalRequest c = RequestParser.of(Endpoint.CHAT_COMPLETIONS, chat.body());
        List<JsonNode> conversation = new ArrayList<>(history);
        conversation.addAll(input);
        ResponsesTurn turn = new ResponsesTurn(
                request,
                chat.toolNames(),
                ChatToResponses.newResponseId(),
                System.currentTimeMillis() / 1000,
                conversation,
                owner,
                owner == null ? null : store,
                chat.droppedSummary(),
                StatelessRequest.of(request, conversation));
        return new CanonicalRequest(
                Api.RESPONSES,
                c.model(),
                Dialect.CHAT_COMPLETIONS,
                c.body(),
                turn,
                ResponsesTurn.withKept(StatelessRequest.content(c.content(), turn.stateless()), kept(request)),
                c.tools(),
                c.maxOutputTokens(),
                c.choices(),
                c.stream(),
                c.includeUsage(),
                c.items(),
                null);
    }

    /** What the caller sent that stays with the gateway and is classified all the same: {@code metadata}. */
    private static RequestContent kept(ObjectNode request) {
        List<TextSegment> segments = new ArrayList<>();
        JsonNode metadata = request.get("metadata");
        if (metadata != null && metadata.isObject()) {
            for (TextSegment s : RequestText.content(metadata).segments()) {
                segments.add(new TextSegment(ResponsesTurn.KEPT_PREFIX + "metadata." + s.path(), s.text()));
            }
        }
        return RequestContent.of(segments);
    }

    private static String shown(String id) {
        return id.length() > 128 ? id.substring(0, 128) + "..." : id;
    }
}
