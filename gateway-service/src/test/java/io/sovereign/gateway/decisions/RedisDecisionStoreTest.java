package io.sovereign.gateway.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sovereign.gateway.store.StoreUnavailableException;
import io.sovereign.gateway.testsupport.RedisServerProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The decision store contract on a real redis-server (each test under its own key prefix), plus Cluster and outage. */
class RedisDecisionStoreTest extends DecisionStoreContract {
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
    DecisionStore newStore(DecisionRetention retention, Clock clock) {
        return new RedisDecisionStore(redis.url(), Duration.ofSeconds(2), retention, clock, null, prefix());
    }

    private static String prefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void writesAndTrimsOnOneClusterSlot() {
        TestClock clock = new TestClock();
        try (RedisServerProcess cluster = RedisServerProcess.startClusterNode();
                DecisionStore store = new RedisDecisionStore(
                        cluster.url(),
                        Duration.ofSeconds(2),
                        new DecisionRetention(1, Duration.ofHours(1)),
                        clock,
                        null,
                        prefix())) {
            String first = id();
            String second = id();
            store.put(record(first, "alice")).join();
            clock.advance(Duration.ofMillis(1));
            store.put(record(second, "alice")).join(); // the script trims: would fail CROSSSLOT on two slots
            assertThat(store.find(second).join()).isPresent();
            assertThat(store.find(first).join()).isEmpty();
        }
    }

    @Test
    void aDownStoreDropsWritesQuietlyAndFailsReadsClearly() {
        RedisServerProcess down = RedisServerProcess.start();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DecisionStore store = new RedisDecisionStore(
                down.url(),
                Duration.ofMillis(300),
                new DecisionRetention(10, Duration.ofHours(1)),
                new TestClock(),
                registry,
                prefix())) {
            down.kill();
            store.put(record(id(), "alice")).join(); // completes normally: a request is never failed for its record
            assertThat(registry.find("gateway.store.errors")
                            .tag("kind", "decision-put")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThatThrownBy(() -> store.find(id()).join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(StoreUnavailableException.class);
        } finally {
            down.close();
        }
    }
}
