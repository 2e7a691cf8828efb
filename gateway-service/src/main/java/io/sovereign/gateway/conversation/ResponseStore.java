package io.sovereign.gateway.conversation;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The Responses API's conversation state, kept by the gateway: the targets are always called statelessly with the
 * whole conversation, so each turn is classified (and routed) with its full history. Memory in dev
 * ({@code gateway.store.type=memory}), Redis otherwise; entries expire after {@code gateway.responses.store-ttl}.
 * Every operation is scoped to a {@link ResponseOwner}: another owner's id is indistinguishable from an unknown one.
 * A store that cannot be reached fails the future with {@link io.sovereign.gateway.store.StoreUnavailableException}
 * whatever {@code gateway.store.on-error} says: a conversation cannot be made up, so there is nothing to fail open to.
 */
public interface ResponseStore extends AutoCloseable {

    /**
     * Ids the store accepts: {@code resp_} and 1..120 more URL-safe characters (the gateway mints them with
     * {@code responses.ChatToResponses.newResponseId()}).
     */
    Pattern ID = Pattern.compile("resp_[A-Za-z0-9_-]{1,120}");

    /** Saves (or replaces) {@code response} for {@code owner}; it expires after the store's TTL. */
    CompletableFuture<Void> put(ResponseOwner owner, StoredResponse response);

    /** The owner's stored response {@code id}, or empty when unknown, expired, deleted or someone else's. */
    CompletableFuture<Optional<StoredResponse>> get(ResponseOwner owner, String id);

    /** Deletes the owner's response {@code id}; false when there was none for this owner (nothing else is touched). */
    CompletableFuture<Boolean> delete(ResponseOwner owner, String id);

    @Override
    void close();

    static boolean isWellFormedId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
