package io.sovereign.gateway.conversation;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.sovereign.gateway.store.RedisConnector;
import io.sovereign.gateway.store.StoreErrors;
import io.sovereign.gateway.store.StoreUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Conversations in Redis ({@code gateway.store.type=redis}), shared by every replica: one string per response at
 * {@code PREFIX:resp:OWNER:ID} (OWNER a hash of user and team, see {@link ResponseOwner#keyPart}) with the TTL as
 * its expiry. Single-key commands only, so it works unchanged on Redis Cluster.
 */
public final class RedisResponseStore implements ResponseStore {

    private final RedisConnector<String, String> connector;
    private final Duration ttl;
    private final String keyPrefix;
    private final StoreErrors errors;

    public RedisResponseStore(
            String redisUrl, Duration commandTimeout, Duration ttl, String keyPrefix, MeterRegistry registry) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a response store needs a positive TTL");
        }
        this.connector = new RedisConnector<>(redisUrl, commandTimeout, StringCodec.UTF8);
        this.ttl = ttl;
        this.keyPrefix = keyPrefix;
        this.errors = new StoreErrors(registry);
    }

    @Override
    public CompletableFuture<Void> put(ResponseOwner owner, StoredResponse response) {
        String text = StoredResponseCodec.encode(response);
        return run(
                "responses-put", redis -> redis.set(key(owner, response.id()), text, SetArgs.Builder.px(ttl.toMillis()))
                        .toCompletableFuture()
                        .thenApply(ok -> (Void) null));
    }

    @Override
    public CompletableFuture<Optional<StoredResponse>> get(ResponseOwner owner, String id) {
        if (!ResponseStore.isWellFormedId(id)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return run("responses-get", redis -> redis.get(key(owner, id))
                .toCompletableFuture()
                .thenApply(text -> text == null
                        ? Optional.<StoredResponse>empty()
                        : Optional.of(StoredResponseCodec.decode(id, text))));
    }

    @Override
    public CompletableFuture<Boolean> delete(ResponseOwner owner, String id) {
        if (!ResponseStore.isWellFormedId(id)) {
            return CompletableFuture.completedFuture(false);
        }
        return run(
                "responses-delete",
                redis -> redis.del(key(owner, id)).toCompletableFuture().thenApply(n -> n > 0));
    }

    private <T> CompletableFuture<T> run(
            String kind, Function<RedisAsyncCommands<String, String>, CompletableFuture<T>> op) {
        return connector.connection().thenCompose(c -> op.apply(c.async())).exceptionallyCompose(e -> {
            errors.record(kind, "failed", e);
            return CompletableFuture.failedFuture(
                    new StoreUnavailableException("The conversation store (Redis) did not answer; retry shortly.", e));
        });
    }

    String key(ResponseOwner owner, String id) {
        return keyPrefix + ":resp:" + owner.keyPart() + ":" + id;
    }

    @Override
    public void close() {
        connector.close();
    }
}
