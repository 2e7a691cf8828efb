package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.conversation.MemoryResponseStore;
import io.sovereign.gateway.conversation.ResponseOwner;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.stream.ResponseStream;
import io.sovereign.gateway.stream.StreamEnd;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The translating handler through the real stream processor: chat chunks in, Responses events out (numbered from 0,
 * created first, completed with usage last), the finished response stored for its owner; a whole completion becomes
 * the response object; an upstream failure mid-stream ends in {@code response.failed} and stores nothing.
 */
class ResponsesTranslatorTest {

    final MemoryResponseStore store =
            new MemoryResponseStore(java.time.Clock.systemUTC(), java.time.Duration.ofHours(1), 100);
    final GatewayPrincipal alice = new GatewayPrincipal(
            "alice", "eng", java.util.Set.of(), java.util.Set.of(), GatewayPrincipal.Method.API_KEY);
    final ResponsesFrontEnd frontEnd = new ResponsesFrontEnd(store);

    ResponsesTurn turn(String body) {
        CanonicalRequest r =
                frontEnd.parse(body.getBytes(StandardCharsets.UTF_8), alice).join();
        return (ResponsesTurn) r.codec();
    }

    static List<JsonNode> events(byte[] sse) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : new String(sse, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(Json.node(line.substring(6)));
            }
        }
        return out;
    }

    @Test
    void aStreamBecomesNumberedResponsesEventsAndTheResponseIsStored() {
        ResponsesTurn turn = turn("{\"model\":\"auto\",\"input\":\"Hi\",\"stream\":true}");
        ResponseStream stream = new ResponseStream(List.of(new ResponsesTranslator(turn)));
        String chat = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\ndata: [DONE]\n\n";
        List<JsonNode> events =
                new ArrayList<>(events(stream.accept(ByteBuffer.wrap(chat.getBytes(StandardCharsets.UTF_8)))));
        events.addAll(events(stream.end(StreamEnd.COMPLETE)));
        assertThat(events.get(0).path("type").asString()).isEqualTo("response.created");
        assertThat(events.get(1).path("type").asString()).isEqualTo("response.in_progress");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence_number").asInt()).isEqualTo(i);
        }
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("type").asString()).isEqualTo("response.completed");
        assertThat(last.path("response").path("usage").path("input_tokens").asInt())
                .isEqualTo(5);
        assertThat(last.path("response").path("usage").path("output_tokens").asInt())
                .isEqualTo(2);
        var stored =
                store.get(new ResponseOwner("alice", "eng"), turn.responseId()).join();
        assertThat(stored).isPresent();
        assertThat(stored.get().history().toString()).contains("Hi", "Hello");
    }

    @Test
    void aWholeCompletionBecomesTheResponseObject() {
        ResponsesTurn turn = turn("{\"model\":\"auto\",\"input\":\"Hi\",\"store\":false}");
        byte[] out = new ResponseStream(List.of(new ResponsesTranslator(turn)))
                .whole(("{\"choices\":[{\"index\":0,\"message\":"
                                + "{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,"
                                + "\"completion_tokens\":2,\"total_tokens\":7}}")
                        .getBytes(StandardCharsets.UTF_8));
        JsonNode r = Json.node(new String(out, StandardCharsets.UTF_8));
        assertThat(r.path("id").asString()).isEqualTo(turn.responseId());
        assertThat(r.path("output").get(0).path("content").get(0).path("text").asString())
                .isEqualTo("Hello");
        assertThat(r.path("usage").path("total_tokens").asInt()).isEqualTo(7);
        assertThat(store.get(new ResponseOwner("alice", "eng"), turn.responseId())
                        .join())
                .as("store:false")
                .isEmpty();
    }

    @Test
    void anUpstreamFailureMidStreamEndsInResponseFailedAndStoresNothing() {
        ResponsesTurn turn = turn("{\"model\":\"auto\",\"input\":\"Hi\",\"stream\":true}");
        ResponseStream stream = new ResponseStream(List.of(new ResponsesTranslator(turn)));
        List<JsonNode> events = new ArrayList<>(events(
                stream.accept(ByteBuffer.wrap("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"
                        .getBytes(StandardCharsets.UTF_8)))));
        events.addAll(events(stream.end(StreamEnd.UPSTREAM_FAILED)));
        assertThat(events.get(events.size() - 1).path("type").asString()).isEqualTo("response.failed");
        assertThat(store.get(new ResponseOwner("alice", "eng"), turn.responseId())
                        .join())
                .isEmpty();
    }
}
