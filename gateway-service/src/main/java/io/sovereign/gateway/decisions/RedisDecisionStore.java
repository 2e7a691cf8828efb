package io.sovereign.gateway.decisions;

import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.store.LuaScript;
import io.sovereign.gateway.store.RedisConnector;
import io.sovereign.gateway.store.StoreErrors;
import io.sovereign.gateway.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Recent decisions shared by every replica: a hash (request id -> record JSON) and a sorted set (request id by
 * store time) under one hash tag, so the write and its trimming are one script on one Redis Cluster slot.
 * Bounded by {@link DecisionRetention} on every write; a read also checks the age, so an idle store never
 * answers a record older than {@code max-age}. Store time is the writing replica's clock (in ms; records of one
 * millisecond are trimmed in no particular order among themselves).
 */
public final class RedisDecisionStore implements DecisionStore {

    private static final LuaScript PUT = LuaScript.fromResource("decisions/put.lua");

    private final RedisConnector<String, String> redis;
    private final DecisionRetention retention;
    private final Clock clock;
    private final StoreErrors errors;
    private final String[] keys;

    public RedisDecisionStore(
            String redisUrl,
            Duration commandTimeout,
            DecisionRetention retention,
            Clock clock,
            MeterRegistry registry,
            String keyPrefix) {
        this.redis = new RedisConnector<>(redisUrl, commandTimeout, StringCodec.UTF8);
        this.retention = retention;
        this.clock = clock;
        this.errors = new StoreErrors(registry);
        this.keys = new String[] {keyPrefix + ":{decisions}:records", keyPrefix + ":{decisions}:index"};
    }

    @Override
    public CompletableFuture<Void> put(DecisionRecord record) {
        String json = RequestParser.JSON.writeValueAsString(record.toJson());
        return redis.connection()
                .thenCompose(c -> PUT.run(
                        c.async(),
                        keys,
                        record.requestId(),
                        json,
                        Long.toString(clock.millis()),
                        Integer.toString(retention.maxEntries()),
                        Long.toString(retention.maxAge().toMillis())))
                .handle((reply, e) -> {
                    if (e != null) {
                        errors.record("decision-put", "dropped", e); // the request is not failed for its lookup record
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<Optional<DecisionRecord>> find(String requestId) {
        return redis.connection()
                .thenCompose(c -> {
                    var async = c.async();
                    var score = async.zscore(keys[1], requestId).toCompletableFuture();
                    var json = async.hget(keys[0], requestId).toCompletableFuture();
                    return score.thenCombine(json, (storedAt, value) -> {
                        if (value == null
                                || storedAt == null
                                || storedAt
                                        < clock.millis() - retention.maxAge().toMillis()) {
                            return Optional.<DecisionRecord>empty();
                        }
                        return Optional.of(DecisionRecord.fromJson(RequestParser.JSON.readTree(value)));
                    });
                })
                .handle((found, e) -> {
                    if (e != null) {
                        errors.record("decision-find", "failed", e);
                        throw new StoreUnavailableException(
                                "decision store (Redis) unreachable: " + StoreErrors.describe(e), e);
                    }
                    return found;
                });
    }

    @Override
    public void close() {
        redis.close();
    }
}
