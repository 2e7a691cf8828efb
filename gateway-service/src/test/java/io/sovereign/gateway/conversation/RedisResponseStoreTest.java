package io.sovereign.gateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sovereign.gateway.responses.ChatToResponses;
import io.sovereign.gateway.store.StoreUnavailableException;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The response store contract in a real redis-server, and what only Redis has: keys, expiry, an outage. */
class RedisResponseStoreTest extends ResponseStoreContract {
    static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    ResponseStore newStore(Duration ttl) {
        return new RedisResponseStore(redis.url(), Duration.ofSeconds(2), ttl, "gwtest", null);
    }

    @Test
    void oneKeyPerResponseWithTheTtlAndNoNamesInIt() {
        StoredResponse r = first(ChatToResponses.newResponseId());
        store.put(alice, r).join();
        String key = ((RedisResponseStore) store).key(alice, r.id());
        assertThat(key).startsWith("gwtest:resp:").endsWith(":" + r.id()).doesNotContain(alice.user());
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            long ttl = c.sync().pttl(key);
            assertThat(ttl).isBetween(TTL.toMillis() - 60_000, TTL.toMillis());
            assertThat(c.sync().get(key)).contains("What is the weather in Paris?");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void anUnreachableRedisIsAStoreUnavailableFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (ResponseStore down =
                new RedisResponseStore("redis://127.0.0.1:" + closedPort, Duration.ofMillis(300), TTL, "gw", null)) {
            assertThatThrownBy(() ->
                            down.get(alice, ChatToResponses.newResponseId()).join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> down.put(alice, first(ChatToResponses.newResponseId()))
                            .join())
                    .hasCauseInstanceOf(StoreUnavailableException.class);
        }
    }
}
