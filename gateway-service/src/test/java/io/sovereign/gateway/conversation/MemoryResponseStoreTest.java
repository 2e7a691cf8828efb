package io.sovereign.gateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.responses.ChatToResponses;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The response store contract in memory, and its bound. */
class MemoryResponseStoreTest extends ResponseStoreContract {

    @Override
    ResponseStore newStore(Duration ttl) {
        return new MemoryResponseStore(Clock.systemUTC(), ttl, 1000);
    }

    @Test
    void pastItsCapacityTheOldestEntriesGoFirst() {
        MemoryResponseStore small = new MemoryResponseStore(Clock.systemUTC(), TTL, 3);
        String[] ids = new String[5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ChatToResponses.newResponseId();
            small.put(alice, first(ids[i])).join();
        }
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.get(alice, ids[0]).join()).isEmpty();
        assertThat(small.get(alice, ids[1]).join()).isEmpty();
        assertThat(small.get(alice, ids[2]).join()).isPresent();
        assertThat(small.get(alice, ids[4]).join()).isPresent();
    }
}
