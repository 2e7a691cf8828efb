package io.sovereign.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sovereign.gateway.quota.TokenCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The streaming money path through the Reactor adapter: what is settled, once, on each way an answer can end. */
class ProcessedResponseTest {

    static final TokenCounter TOKENS = new TokenCounter();
    static final long PROMPT = 17;

    final List<UsageCapture.Charge> charges = new CopyOnWriteArrayList<>();
    final MockServerHttpResponse caller = new MockServerHttpResponse();

    private ProcessedResponse response(Duration idle, boolean callerAskedUsage) {
        return response(idle, callerAskedUsage, null);
    }

    private ProcessedResponse response(Duration idle, boolean callerAskedUsage, StreamHandler last) {
        caller.setStatusCode(HttpStatus.OK);
        return new ProcessedResponse(
                caller,
                usage -> new ResponseStream(
                        new StreamPlan("hosted", idle, callerAskedUsage, ResponseStreamTest.REDACTION::restorer, last)
                                .handlers(usage)),
                idle,
                usage -> {
                    charges.add(usage.charge(PROMPT, TOKENS::count));
                    return CompletableFuture.completedFuture(null);
                });
    }

    private static Flux<DataBuffer> buffers(String... parts) {
        return Flux.fromArray(parts)
                .map(p -> DefaultDataBufferFactory.sharedInstance.wrap(p.getBytes(StandardCharsets.UTF_8)));
    }

    private static String[] recordedIn3() {
        String s = Recorded.chatStream();
        return new String[] {s.substring(0, 150), s.substring(150, 400), s.substring(400)};
    }

    private String body() {
        return caller.getBodyAsString().block(Duration.ofSeconds(5));
    }

    @Test
    void aCompleteStreamIsSettledOnceByItsUsageChunkWhichTheCallerDoesNotSee() {
        response(Duration.ofSeconds(5), false)
                .writeAndFlushWith(buffers(recordedIn3()).map(Flux::just))
                .block(Duration.ofSeconds(5));
        assertThat(charges).containsExactly(new UsageCapture.Charge(21, 5, 9, true));
        assertThat(body())
                .doesNotContain("\"usage\"", "[EMAIL_1]")
                .contains("jane.doe@acme-corp.com")
                .endsWith("data: [DONE]\n\n");
    }

    @Test
    void aCallerWhoAskedForUsageGetsIt() {
        response(Duration.ofSeconds(5), true)
                .writeAndFlushWith(buffers(recordedIn3()).map(Flux::just))
                .block(Duration.ofSeconds(5));
        assertThat(body()).contains("\"usage\":{\"prompt_tokens\":21");
        assertThat(charges).hasSize(1);
    }

    /** Holds the stream's last event until {@link #gate} completes, as a store write does (ResponsesPassthrough). */
    static final class WaitsAtTheEnd implements StreamHandler {
        final CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Void> pending;

        @Override
        public void onEvent(StreamEvent event, Downstream next) {
            if (event.isDone() || event.isWhole()) {
                pending = gate;
            }
            next.emit(event);
        }

        @Override
        public CompletableFuture<Void> pending() {
            return pending;
        }
    }

    @Test
    void theFinalEventReachesTheCallerOnlyOnceWhatAHandlerWaitsForIsDone() {
        List<String> written = new CopyOnWriteArrayList<>();
        caller.setWriteHandler(flux -> flux.doOnNext(b -> written.add(b.toString(StandardCharsets.UTF_8)))
                .then());
        WaitsAtTheEnd last = new WaitsAtTheEnd();
        String stream = Recorded.chatStream();
        int end = stream.indexOf("data: [DONE]");
        CompletableFuture<Void> done = response(Duration.ofSeconds(5), false, last)
                .writeAndFlushWith(
                        buffers(stream.substring(0, end), stream.substring(end)).map(Flux::just))
                .toFuture();
        assertThat(String.join("", written)).contains("jane.doe@acme-corp.com").doesNotContain("[DONE]");
        assertThat(done).isNotDone();
        last.gate.complete(null);
        assertThat(done).succeedsWithin(Duration.ofSeconds(5));
        assertThat(String.join("", written)).endsWith("data: [DONE]\n\n");
    }

    @Test
    void aWholeAnswerIsWrittenOnlyOnceWhatAHandlerWaitsForIsDone() {
        List<String> written = new CopyOnWriteArrayList<>();
        caller.setWriteHandler(flux -> flux.doOnNext(b -> written.add(b.toString(StandardCharsets.UTF_8)))
                .then());
        WaitsAtTheEnd last = new WaitsAtTheEnd();
        CompletableFuture<Void> done = response(Duration.ofSeconds(5), false, last)
                .writeWith(buffers("{\"choices\":[],\"usage\":{\"prompt_tokens\":4}}"))
                .toFuture();
        assertThat(written).isEmpty();
        assertThat(done).isNotDone();
        last.gate.complete(null);
        assertThat(done).succeedsWithin(Duration.ofSeconds(5));
        assertThat(String.join("", written)).contains("prompt_tokens");
        assertThat(charges).containsExactly(new UsageCapture.Charge(4, 0, 0, true));
    }

    @Test
    void aCallerWhoGoesAwayPaysForTheWordsGenerated() {
        // the caller reads the first two events, then closes: the write is cancelled upstream of it
        caller.setWriteHandler(flux -> flux.take(2).then());
        String first = "data: " + Recorded.ROLE + "\n\n";
        String second = "data: " + Recorded.chunk("Three words here") + "\n\n";
        response(Duration.ofSeconds(5), false)
                .writeAndFlushWith(Flux.concat(buffers(first, second), Flux.<DataBuffer>never())
                        .map(Flux::just))
                .block(Duration.ofSeconds(5));
        assertThat(charges)
                .containsExactly(new UsageCapture.Charge(PROMPT, 0, TOKENS.count("Three words here"), false));
    }

    @Test
    void anUpstreamThatBreaksMidStreamIsSettledBeforeTheErrorGoesOn() {
        String part = "data: " + Recorded.chunk("Half an ans") + "\n\ndata: " + Recorded.chunk("wer that bre");
        Flux<DataBuffer> broken = Flux.concat(buffers(part), Flux.error(new IOException("Connection reset by peer")));
        assertThatThrownBy(() -> response(Duration.ofSeconds(5), false)
                        .writeAndFlushWith(broken.map(Flux::just))
                        .block(Duration.ofSeconds(5)))
                .hasRootCauseInstanceOf(IOException.class);
        assertThat(charges).containsExactly(new UsageCapture.Charge(PROMPT, 0, TOKENS.count("Half an ans"), false));
    }

    @Test
    void anIdleUpstreamGetsAnErrorEventAndIsSettled() {
        String part = "data: " + Recorded.chunk("Then silence") + "\n\n";
        response(Duration.ofMillis(300), false)
                .writeAndFlushWith(
                        Flux.concat(buffers(part), Flux.<DataBuffer>never()).map(Flux::just))
                .block(Duration.ofSeconds(5));
        assertThat(body()).startsWith(part).endsWith("\"code\":\"upstream_idle_timeout\",\"param\":null}}\n\n");
        assertThat(charges).containsExactly(new UsageCapture.Charge(PROMPT, 0, TOKENS.count("Then silence"), false));
    }

    @Test
    void aFailedStatusPassesUntouchedAndIsNotSettled() {
        ProcessedResponse r = response(Duration.ofSeconds(5), false);
        caller.setStatusCode(HttpStatus.BAD_GATEWAY);
        r.writeWith(buffers("{\"error\":{\"message\":\"[EMAIL_1]\"}}")).block(Duration.ofSeconds(5));
        assertThat(body()).isEqualTo("{\"error\":{\"message\":\"[EMAIL_1]\"}}");
        assertThat(charges).isEmpty();
    }

    @Test
    void aWholeAnswerIsRestoredAndSettledFromOneParse() {
        String json = "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"Mail [EMAIL_1]\"}}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}";
        response(Duration.ofSeconds(5), false)
                .writeWith(buffers(json.substring(0, 20), json.substring(20)))
                .block(Duration.ofSeconds(5));
        String out = body();
        assertThat(out).contains("Mail jane.doe@acme-corp.com");
        assertThat(caller.getHeaders().getContentLength()).isEqualTo(out.getBytes(StandardCharsets.UTF_8).length);
        assertThat(charges).containsExactly(new UsageCapture.Charge(12, 0, 3, true));
    }

    @Test
    void aWholeAnswerIsSettledEvenIfTheCallerLeftBeforeItWasWritten() {
        caller.setWriteHandler(
                flux -> Mono.error(new reactor.netty.channel.AbortedException("Connection has been closed")));
        response(Duration.ofSeconds(5), false)
                .writeWith(buffers("{\"choices\":[],\"usage\":{\"prompt_tokens\":4}}"))
                .block(Duration.ofSeconds(5));
        assertThat(charges).containsExactly(new UsageCapture.Charge(4, 0, 0, true));
    }

    @Test
    void aWholeAnswerThatStallsIsATimeoutForForwardAndNotSettled() {
        assertThatThrownBy(() -> response(Duration.ofMillis(200), false)
                        .writeWith(Flux.concat(buffers("{\"choices\":"), Flux.<DataBuffer>never()))
                        .block(Duration.ofSeconds(5)))
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(charges).isEmpty();
    }
}
