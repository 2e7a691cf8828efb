package io.sovereign.gateway.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.openai.RequestParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One contract for every decision store (memory and Redis alike): keep, replace, and both retention bounds. */
abstract class DecisionStoreContract {

    /** A clock the test moves, to reach the age bound without waiting. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    abstract DecisionStore newStore(DecisionRetention retention, Clock clock);

    static DecisionRecord record(String id, String user) {
        return DecisionRecord.fromAuditLine(RequestParser.JSON.readTree("""
                {"time":"2026-12-01T10:00:00Z","request_id":"%s","method":"POST","path":"/v1/chat/completions","status":200,
                 "latency_ms":12.5,"user":"%s","team":"legal","auth":"api_key","endpoint":"chat.completions",
                 "requested_model":"auto","stream":false,"rule":"sensitive-stays-home","action":"route","level":"confidential",
                 "detectors":{"email":2,"iban":1},"target":"onprem","model":"gpt-oss-20b","policy_revision":"abc123def456",
                 "fallback":"hosted failed: 502","input_tokens":11,"output_tokens":7,"cost_micro_usd":42}
                """.formatted(id, user)));
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void keepsEveryFactOfTheRecord() {
        TestClock clock = new TestClock();
        try (DecisionStore store = newStore(new DecisionRetention(100, Duration.ofHours(1)), clock)) {
            String id = id();
            DecisionRecord r = record(id, "bob");
            store.put(r).join();
            DecisionRecord back = store.find(id).join().orElseThrow();
            assertThat(back).isEqualTo(r);
            assertThat(back.detectors()).isEqualTo(java.util.Map.of("email", 2, "iban", 1));
            assertThat(back.fallbackUsed()).isTrue();
            assertThat(back.costMicroUsd()).isEqualTo(42L);
            assertThat(back.latencyMs()).isEqualTo(12.5);
            assertThat(store.find(id()).join()).isEmpty();
        }
    }

    @Test
    void theCountBoundDropsTheOldest() {
        TestClock clock = new TestClock();
        try (DecisionStore store = newStore(new DecisionRetention(3, Duration.ofHours(1)), clock)) {
            List<String> ids = List.of(id(), id(), id(), id(), id());
            for (String id : ids) {
                clock.advance(Duration.ofMillis(5));
                store.put(record(id, "alice")).join();
            }
            assertThat(store.find(ids.get(0)).join()).isEmpty();
            assertThat(store.find(ids.get(1)).join()).isEmpty();
            for (String kept : ids.subList(2, 5)) {
                assertThat(store.find(kept).join()).as(kept).isPresent();
            }
        }
    }

    @Test
    void theAgeBoundHoldsOnReadsAndWrites() {
        TestClock clock = new TestClock();
        try (DecisionStore store = newStore(new DecisionRetention(100, Duration.ofMinutes(10)), clock)) {
            String old = id();
            store.put(record(old, "alice")).join();
            clock.advance(Duration.ofMinutes(9));
            assertThat(store.find(old).join()).isPresent();
            clock.advance(Duration.ofMinutes(2));
            assertThat(store.find(old).join())
                    .as("read after max-age, no write in between")
                    .isEmpty();
            String fresh = id();
            store.put(record(fresh, "alice")).join();
            assertThat(store.find(old).join()).isEmpty();
            assertThat(store.find(fresh).join()).isPresent();
        }
    }

    @Test
    void aSecondWriteOfOneRequestReplacesTheFirst() {
        TestClock clock = new TestClock();
        try (DecisionStore store = newStore(new DecisionRetention(2, Duration.ofHours(1)), clock)) {
            String a = id();
            String b = id();
            // writes in one millisecond have no order in Redis' sorted set: these are apart, as requests' records are
            store.put(record(a, "alice")).join();
            clock.advance(Duration.ofMillis(1));
            store.put(record(b, "alice")).join();
            clock.advance(Duration.ofMillis(1));
            store.put(record(a, "carol")).join(); // a is now the youngest
            clock.advance(Duration.ofMillis(1));
            store.put(record(id(), "alice")).join();
            assertThat(store.find(b).join()).isEmpty();
            assertThat(store.find(a).join().orElseThrow().user()).isEqualTo("carol");
        }
    }
}
