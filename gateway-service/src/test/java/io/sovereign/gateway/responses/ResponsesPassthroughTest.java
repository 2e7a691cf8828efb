package io.sovereign.gateway.responses;

import static org.assertj.core.api.Assertions.assertThat;

import io.sovereign.gateway.conversation.MemoryResponseStore;
import io.sovereign.gateway.conversation.ResponseOwner;
import io.sovereign.gateway.conversation.ResponseStore;
import io.sovereign.gateway.conversation.StoredResponse;
import io.sovereign.gateway.stream.ResponseStream;
import io.sovereign.gateway.stream.StreamEnd;
import io.sovereign.gateway.stream.StreamPlan;
import io.sovereign.gateway.stream.UsageCapture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A native Responses answer through the real processor chain (usage capture, passthrough): the target's events pass
 * as they come with the gateway's id and the caller's settings, usage is read from {@code response.completed}, and
 * the stored response is written before the final event may reach the caller: the processor reports it pending
 * until the (slow) store has it, so no follow-up can miss it.
 */
class ResponsesPassthroughTest {

    static final ResponseOwner ALICE = new ResponseOwner("alice", "engineering");

    /** A real memory store whose writes complete only when the test says so (a slow Redis). */
    static final class SlowStore implements ResponseStore {
        final MemoryResponseStore inner = new MemoryResponseStore(Clock.systemUTC(), Duration.ofMinutes(5), 100);
        final CompletableFuture<Void> gate = new CompletableFuture<>();
        int puts;

        @Override
        public CompletableFuture<Void> put(ResponseOwner owner, StoredResponse response) {
            puts++;
            return gate.thenCompose(v -> inner.put(owner, response));
        }

        @Override
        public CompletableFuture<Optional<StoredResponse>> get(ResponseOwner owner, String id) {
            return inner.get(owner, id);
        }

        @Override
        public CompletableFuture<Boolean> delete(ResponseOwner owner, String id) {
            return inner.delete(owner, id);
        }

        @Override
        public void close() {}
    }

    final SlowStore store = new SlowStore();
    final UsageCapture usage = new UsageCapture();

    ResponseStream processor(ResponsesTurn turn) {
        return new ResponseStream(
                new StreamPlan("hosted", Duration.ofSeconds(5), false, null, new ResponsesPassthrough(turn), true)
                        .handlers(usage));
    }

    ResponsesTurn turn(String body) {
        return (ResponsesTurn) new ResponsesFrontEnd(store)
                .parse(
                        body.getBytes(StandardCharsets.UTF_8),
                        new io.sovereign.gateway.auth.GatewayPrincipal(
                                "alice",
                                "engineering",
                                java.util.Set.of(),
                                java.util.Set.of("gateway-user"),
                                io.sovereign.gateway.auth.GatewayPrincipal.Method.API_KEY))
                .join()
                .codec();
    }

    static String sse(String... events) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < events.length; i++) {
            String event = events[i].replace("#", String.valueOf(i));
            String type = Json.node(event).path("type").asString();
            b.append("event: ").append(type).append("\ndata: ").append(event);
            b.append("\n\n");
        }
        return b.toString();
    }

    static List<JsonNode> data(String out) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("data: ")) {
                events.add(Json.node(line.substring(6)));
            }
        }
        return events;
    }

    static final String RESPONSE =
            "{\"id\":\"resp_upstream\",\"object\":\"response\",\"status\":\"%s\",\"store\":false,"
                    + "\"output\":[%s],\"usage\":%s}";
    static final String MESSAGE =
            "{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"status\":\"completed\","
                    + "\"content\":[{\"type\":\"output_text\",\"text\":\"Hi there\",\"annotations\":[]}]}";
    static final String USAGE =
            "{\"input_tokens\":12,\"input_tokens_details\":{\"cached_tokens\":4},\"output_tokens\":3}";

    @Test
    void theStreamPassesWithTheGatewaysIdAndItsFinalEventWaitsForTheStore() {
        ResponsesTurn turn = turn("{\"model\":\"auto\",\"input\":\"Hi\",\"stream\":true,\"metadata\":{\"k\":\"v\"}}");
        ResponseStream p = processor(turn);
        String in = sse(
                "{\"type\":\"response.created\",\"sequence_number\":#,\"response\":"
                        + RESPONSE.formatted("in_progress", "", "null") + "}",
                "{\"type\":\"response.output_text.delta\",\"sequence_number\":#,\"item_id\":\"msg_1\","
                        + "\"output_index\":0,\"content_index\":0,\"delta\":\"Hi there\"}",
                "{\"type\":\"response.completed\",\"sequence_number\":#,\"response\":"
                        + RESPONSE.formatted("completed", MESSAGE, USAGE) + "}");
        byte[] bytes = in.getBytes(StandardCharsets.UTF_8);
        String firstHalf = new String(p.accept(ByteBuffer.wrap(bytes, 0, 200)), StandardCharsets.UTF_8);
        assertThat(p.pending()).as("nothing to wait for mid-stream").isDone();
        String rest = new String(p.accept(ByteBuffer.wrap(bytes, 200, bytes.length - 200)), StandardCharsets.UTF_8);
        rest += new String(p.end(StreamEnd.COMPLETE), StandardCharsets.UTF_8);

        List<JsonNode> events = data(firstHalf + rest);
        assertThat(events)
                .extracting(e -> e.path("type").asString())
                .containsExactly("response.created", "response.output_text.delta", "response.completed");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence_number").asLong()).isEqualTo(i);
        }
        JsonNode completed = events.get(2).path("response");
        assertThat(completed.path("id").asString()).isEqualTo(turn.responseId());
        assertThat(events.get(0).path("response").path("id").asString()).isEqualTo(turn.responseId());
        assertThat(completed.path("store").asBoolean()).isTrue();
        assertThat(completed.path("metadata").path("k").asString()).isEqualTo("v");
        assertThat(usage.usage()).isEqualTo(new UsageCapture.Usage(12, 4, 3));

        // the final event's bytes are ready, but the store has not got the response yet: the caller must wait
        assertThat(store.puts).isEqualTo(1);
        CompletableFuture<Void> pending = p.pending();
        assertThat(pending).isNotDone();
        assertThat(store.get(ALICE, turn.responseId()).join()).isEmpty();
        store.gate.complete(null);
        assertThat(pending).isDone();
        Optional<StoredResponse> kept = store.get(ALICE, turn.responseId()).join();
        assertThat(kept).isPresent();
        assertThat(kept.get()
                        .response()
                        .path("output")
                        .get(0)
                        .path("content")
                        .get(0)
                        .path("text")
                        .asString())
                .isEqualTo("Hi there");
        assertThat(kept.get().input().get(0).path("content").asString()).isEqualTo("Hi");
    }

    @Test
    void aWholeAnswerIsTheGatewaysResponseStoredOnceBeforeItIsWritten() {
        ResponsesTurn turn = turn("{\"model\":\"auto\",\"input\":\"Hi\"}");
        ResponseStream p = processor(turn);
        byte[] out = p.whole(RESPONSE.formatted("completed", MESSAGE, USAGE).getBytes(StandardCharsets.UTF_8));
        ObjectNode body = (ObjectNode) Json.node(new String(out, StandardCharsets.UTF_8));
        assertThat(body.path("id").asString()).isEqualTo(turn.responseId());
        assertThat(body.path("previous_response_id").isNull()).isTrue();
        assertThat(usage.usage()).isEqualTo(new UsageCapture.Usage(12, 4, 3));
        assertThat(p.pending()).isNotDone();
        store.gate.complete(null);
        assertThat(p.pending()).isDone();
        assertThat(store.puts).isEqualTo(1);
        assertThat(store.get(ALICE, turn.responseId()).join()).isPresent();
    }

    @Test
    void aStreamCutShortEndsWithAnErrorEventAndStoresNothing() {
        ResponsesTurn turn = turn("{\"model\":\"auto\",\"input\":\"Hi\",\"stream\":true}");
        ResponseStream p = processor(turn);
        String in = sse("{\"type\":\"response.output_text.delta\",\"sequence_number\":#,\"item_id\":\"msg_1\","
                + "\"output_index\":0,\"content_index\":0,\"delta\":\"Hi the\"}");
        String out = new String(p.accept(ByteBuffer.wrap(in.getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8)
                + new String(p.end(StreamEnd.UPSTREAM_FAILED), StandardCharsets.UTF_8);
        List<JsonNode> events = data(out);
        assertThat(events.get(1).path("type").asString()).isEqualTo("error");
        assertThat(events.get(1).path("sequence_number").asLong()).isEqualTo(1);
        assertThat(out).contains("event: error");
        assertThat(usage.generatedText()).isEqualTo("Hi the");
        assertThat(store.puts).isZero();
        assertThat(p.pending()).isDone();
    }
}
