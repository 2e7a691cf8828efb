package io.sovereign.gateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.responses.ChatToResponses;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The one contract every {@link ResponseStore} keeps (memory and Redis). Owners are unique per test. */
abstract class ResponseStoreContract {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration TTL = Duration.ofMinutes(5);

    final ResponseOwner alice = new ResponseOwner("alice-" + UUID.randomUUID(), "engineering");
    ResponseStore store;

    /** A store whose entries live {@code ttl}. */
    abstract ResponseStore newStore(Duration ttl);

    @BeforeEach
    void open() {
        store = newStore(TTL);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static StoredResponse turn(String id, String inputJson, String outputJson) {
        ObjectNode response = (ObjectNode) JSON.readTree("{\"id\":\"" + id
                + "\",\"object\":\"response\",\"status\":\"completed\"," + "\"model\":\"auto\",\"output\":" + outputJson
                + ",\"usage\":{\"input_tokens\":12,\"output_tokens\":3}}");
        return new StoredResponse(id, (ArrayNode) JSON.readTree(inputJson), response);
    }

    static StoredResponse first(String id) {
        return turn(
                id,
                "[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"What is the weather in Paris?\"}]}]",
                "[{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}]");
    }

    StoredResponse get(ResponseOwner owner, String id) {
        Optional<StoredResponse> found = store.get(owner, id).join();
        return found.orElse(null);
    }

    @Test
    void aStoredResponseReadsBackAsItWasPut() {
        StoredResponse r = first(ChatToResponses.newResponseId());
        store.put(alice, r).join();

        StoredResponse back = get(alice, r.id());
        assertThat(back).isNotNull();
        assertThat(back.id()).isEqualTo(r.id());
        assertThat(back.input()).isEqualTo(r.input());
        assertThat(back.response()).isEqualTo(r.response());
    }

    @Test
    void theHistoryIsTheWholeInputThenTheOutput() {
        String firstId = ChatToResponses.newResponseId();
        store.put(alice, first(firstId)).join();
        // turn 2 as the POST will build it: turn 1's history, then the new function_call_output
        List<JsonNode> history = get(alice, firstId).history();
        ArrayNode input2 = JSON.createArrayNode()
                .addAll(history)
                .add(JSON.readTree(
                        "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"18C, sunny\"}"));
        String secondId = ChatToResponses.newResponseId();
        store.put(
                        alice,
                        new StoredResponse(
                                secondId,
                                input2,
                                turn(
                                                secondId,
                                                "[]",
                                                "[{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Sunny, 18C.\"}]}]")
                                        .response()))
                .join();

        List<JsonNode> full = get(alice, secondId).history();
        assertThat(full)
                .extracting(n -> n.path("type").asString())
                .containsExactly("message", "function_call", "function_call_output", "message");
        assertThat(full.get(0).path("content").get(0).path("text").asString())
                .isEqualTo("What is the weather in Paris?");
        assertThat(full.get(3).path("role").asString()).isEqualTo("assistant");
    }

    @Test
    void anotherOwnersResponseIsUnknownToReadAndDelete() {
        StoredResponse r = first(ChatToResponses.newResponseId());
        store.put(alice, r).join();
        ResponseOwner bob = new ResponseOwner("bob-" + UUID.randomUUID(), "engineering");
        ResponseOwner aliceInAnotherTeam = new ResponseOwner(alice.user(), "legal");
        ResponseOwner shiftedNames = new ResponseOwner(alice.user() + "e", "ngineering"); // same concatenation

        for (ResponseOwner other : List.of(bob, aliceInAnotherTeam, shiftedNames)) {
            assertThat(store.get(other, r.id()).join()).as("read by %s", other).isEmpty();
            assertThat(store.delete(other, r.id()).join())
                    .as("delete by %s", other)
                    .isFalse();
        }
        assertThat(get(alice, r.id())).as("still there for its owner").isNotNull();
    }

    @Test
    void deleteRemovesOnlyThatResponseAndSaysWhetherItWasThere() {
        StoredResponse kept = first(ChatToResponses.newResponseId());
        StoredResponse gone = first(ChatToResponses.newResponseId());
        store.put(alice, kept).join();
        store.put(alice, gone).join();

        assertThat(store.delete(alice, gone.id()).join()).isTrue();
        assertThat(store.get(alice, gone.id()).join()).isEmpty();
        assertThat(store.delete(alice, gone.id()).join()).isFalse();
        assertThat(get(alice, kept.id())).isNotNull();
    }

    @Test
    void unknownAndMalformedIdsAreEmpty() {
        assertThat(store.get(alice, ChatToResponses.newResponseId()).join()).isEmpty();
        for (String bad :
                List.of("", "resp_", "chatcmpl-1", "resp_a:b", "resp_../x", "resp_" + "a".repeat(121), "resp_\u0000")) {
            assertThat(store.get(alice, bad).join()).as("get %s", bad).isEmpty();
            assertThat(store.delete(alice, bad).join()).as("delete %s", bad).isFalse();
        }
    }

    @Test
    void aPutReplacesTheEarlierEntry() {
        String id = ChatToResponses.newResponseId();
        store.put(alice, first(id)).join();
        StoredResponse replaced = turn(id, "[]", "[]");
        store.put(alice, replaced).join();
        assertThat(get(alice, id).input()).isEmpty();
        assertThat(get(alice, id).response().path("output")).isEmpty();
    }

    @Test
    void aReadCopyCannotChangeTheStoredEntry() {
        StoredResponse r = first(ChatToResponses.newResponseId());
        store.put(alice, r).join();
        get(alice, r.id()).response().put("status", "tampered");
        r.response().put("status", "tampered-too");
        assertThat(get(alice, r.id()).response().path("status").asString()).isEqualTo("completed");
    }

    @Test
    void entriesExpireAfterTheTtl() throws InterruptedException {
        try (ResponseStore shortLived = newStore(Duration.ofMillis(1500))) {
            StoredResponse r = first(ChatToResponses.newResponseId());
            shortLived.put(alice, r).join();
            assertThat(shortLived.get(alice, r.id()).join()).isPresent();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (shortLived.get(alice, r.id()).join().isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(50); // polling the condition itself: expiry is the store's clock, not ours
            }
            assertThat(shortLived.get(alice, r.id()).join()).isEmpty();
            assertThat(shortLived.delete(alice, r.id()).join()).isFalse();
        }
    }

    @Test
    void newIdsAreWellFormedAndDistinct() {
        String a = ChatToResponses.newResponseId();
        String b = ChatToResponses.newResponseId();
        assertThat(a).matches("resp_[0-9a-f]{32}").isNotEqualTo(b);
        assertThat(ResponseStore.isWellFormedId(a)).isTrue();
    }
}
