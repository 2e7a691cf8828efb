package io.sovereign.gateway.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Lettuce client per store with the fault settings the gateway relies on: a short command timeout,
 * commands rejected at once while disconnected (so fail-closed answers fast instead of queueing), and
 * automatic reconnection. The connection is opened lazily and re-attempted, so a gateway that starts
 * while Redis is down recovers by itself once Redis is up.
 */
public final class RedisConnector<K, V> implements AutoCloseable {
    private static final long RECONNECT_BACKOFF_NANOS = 200_000_000L;

    /** Reconnect attempts every 50 ms doubling to at most 1 s: recovery within ~1 s of Redis coming back. */
    static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS);

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final RedisCodec<K, V> codec;
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<K, V>>> connection =
            new AtomicReference<>();
    private volatile long lastFailureNanos;

    public RedisConnector(String redisUrl, Duration commandTimeout, RedisCodec<K, V> codec) {
        this.uri = RedisURI.create(redisUrl);
        this.uri.setTimeout(commandTimeout);
        this.codec = codec;
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(RECONNECT_DELAY)
                .build();
        this.client = RedisClient.create(resources);
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(connectTimeout(commandTimeout))
                        .build())
                .build());
        connection(); // start connecting now, so the first request does not pay for it
    }

    /** The first connect also boots Netty; on a busy host that alone can take seconds. */
    static Duration connectTimeout(Duration commandTimeout) {
        Duration fourTimes = commandTimeout.multipliedBy(4);
        return fourTimes.compareTo(Duration.ofSeconds(5)) > 0 ? fourTimes : Duration.ofSeconds(5);
    }

    /** The shared connection, opening it if needed; fails fast (without a new attempt) right after a failure. */
    public CompletableFuture<StatefulRedisConnection<K, V>> connection() {
        CompletableFuture<StatefulRedisConnection<K, V>> current = connection.get();
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        if (current != null && System.nanoTime() - lastFailureNanos < RECONNECT_BACKOFF_NANOS) {
            return current;
        }
        CompletableFuture<StatefulRedisConnection<K, V>> attempt = new CompletableFuture<>();
        if (!connection.compareAndSet(current, attempt)) {
            return connection.get();
        }
        client.connectAsync(codec, uri).whenComplete((c, e) -> {
            if (e != null) {
                lastFailureNanos = System.nanoTime();
                attempt.completeExceptionally(e);
            } else {
                attempt.complete(c);
            }
        });
        return attempt;
    }

    @Override
    public void close() {
        CompletableFuture<StatefulRedisConnection<K, V>> c = connection.get();
        if (c != null && c.isDone() && !c.isCompletedExceptionally()) {
            c.join().close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
