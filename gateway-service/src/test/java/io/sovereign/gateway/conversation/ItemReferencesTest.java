package io.sovereign.gateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.responses.ChatToResponses;
import io.sovereign.gateway.responses.ResponsesToChat;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** item_reference inputs (as the AI SDK sends them) resolve to the owner's stored items, in place. */
class ItemReferencesTest {

    final ResponseOwner alice = new ResponseOwner("alice", "engineering");
    final ResponseStore store = new MemoryResponseStore(Clock.systemUTC(), Duration.ofMinutes(5), 100);

    /** A stored response whose output is what ChatToResponses produces: ids derived from the response id. */
    String storedWithReasoning() {
        String id = ChatToResponses.newResponseId();
        ObjectNode completion = (ObjectNode) ResponseStoreContract.JSON.readTree("""
                {"choices":[{"message":{"role":"assistant","reasoning_content":"Use the tool.","content":null,
                 "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
                 "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""");
        ObjectNode request = (ObjectNode) ResponseStoreContract.JSON.readTree("{\"model\":\"auto\",\"input\":\"hi\"}");
        ObjectNode response = ChatToResponses.translate(
                request, ResponsesToChat.translate(request, List.of()).toolNames(), completion, id, 1700000000L);
        store.put(alice, new StoredResponse(id, ResponseStoreContract.JSON.createArrayNode(), response))
                .join();
        return id;
    }

    static ArrayNode input(String json) {
        return (ArrayNode) ResponseStoreContract.JSON.readTree(json);
    }

    @Test
    void aReferenceToAStoredItemIsReplacedByTheItem() {
        String responseId = storedWithReasoning();
        JsonNode reasoning = store.get(alice, responseId)
                .join()
                .orElseThrow()
                .response()
                .path("output")
                .get(0);
        String itemId = reasoning.path("id").asString();
        assertThat(reasoning.path("type").asString()).isEqualTo("reasoning");
        assertThat(ItemReferences.responseIdOf(itemId)).contains(responseId);

        ArrayNode in = input("[{\"role\":\"user\",\"content\":\"Weather?\"},{\"type\":\"item_reference\",\"id\":\""
                + itemId + "\"}," + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"18C\"}]");
        ArrayNode out = ItemReferences.resolve(store, alice, in, List.of()).join();
        assertThat(out).hasSize(3);
        assertThat(out.get(1)).isEqualTo(reasoning);
        assertThat(out.get(0)).isEqualTo(in.get(0));
        assertThat(out.get(2)).isEqualTo(in.get(2));
    }

    @Test
    void anotherOwnersOrAnUnknownReferenceStaysForTheTranslatorToRefuse() {
        String responseId = storedWithReasoning();
        String itemId = store.get(alice, responseId)
                .join()
                .orElseThrow()
                .response()
                .path("output")
                .get(0)
                .path("id")
                .asString();
        ArrayNode in = input("[{\"type\":\"item_reference\",\"id\":\"" + itemId
                + "\"},{\"type\":\"item_reference\",\"id\":\"rs_nosuch_0\"},"
                + "{\"type\":\"item_reference\",\"id\":\"weird\"}]");
        ArrayNode out = ItemReferences.resolve(store, new ResponseOwner("bob", "legal"), in, List.of())
                .join();
        assertThat(out).isEqualTo(in);
    }

    @Test
    void referencesAlreadyInTheHistoryOrInputAreLeftAlone() {
        ArrayNode in = input(
                "[{\"type\":\"reasoning\",\"id\":\"rs_abc_0\",\"summary\":[]},{\"type\":\"item_reference\",\"id\":\"rs_abc_0\"},"
                        + "{\"type\":\"item_reference\",\"id\":\"msg_def_1\"}]");
        List<JsonNode> history = List.of(ResponseStoreContract.JSON.readTree(
                "{\"type\":\"message\",\"id\":\"msg_def_1\",\"role\":\"assistant\",\"content\":[]}"));
        assertThat(ItemReferences.resolve(store, alice, in, history).join()).isSameAs(in);
    }
}
