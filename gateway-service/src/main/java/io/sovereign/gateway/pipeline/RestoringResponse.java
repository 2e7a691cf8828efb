package io.sovereign.gateway.pipeline;

import java.io.ByteArrayOutputStream;
import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.sovereign.gateway.classify.Restorer;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.openai.SseFramer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * For a redact rule with {@code restore: true}: puts the caller's original values back where the answer
 * repeats a placeholder such as {@code [EMAIL_1]}, in a JSON answer or across the chunks of a stream (a
 * placeholder split between two chunks is held back until it is whole). The originals never left the
 * gateway; they live only in this response's restorer.
 */
final class RestoringResponse extends ServerHttpResponseDecorator {

    private final Supplier<Restorer> restorers;

    RestoringResponse(ServerHttpResponse delegate, Supplier<Restorer> restorers) {
        super(delegate);
        this.restorers = restorers;
    }

    private boolean success() {
        HttpStatusCode status = getStatusCode();
        return status != null && status.is2xxSuccessful();
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        if (!success()) {
            return super.writeWith(body);
        }
        Restorer restorer = restorers.get();
        return DataBufferUtils.join(Flux.from(body)).flatMap(joined -> {
            byte[] out = restoreJson(ParseFilter.drain(joined), restorer);
            getHeaders().setContentLength(out.length);
            return super.writeWith(Mono.just(bufferFactory().wrap(out)));
        });
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        if (!success()) {
            return super.writeAndFlushWith(body);
        }
        Restorer restorer = restorers.get();
        SseFramer framer = new SseFramer();
        Flux<DataBuffer> events = Flux.from(body).concatMap(Flux::from).map(buffer -> {
            byte[] bytes = ParseFilter.drain(buffer);
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 16);
            for (String event : framer.accept(bytes)) {
                out.writeBytes(SseFramer.frame(restoreEvent(event, restorer)));
            }
            return bufferFactory().wrap(out.toByteArray());
        }).concatWith(Mono.fromSupplier(() -> {
            // whatever the restorer still holds (an unfinished placeholder-like tail) goes out as it was
            String held = restorer.flush();
            byte[] tail = framer.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!held.isEmpty()) {
                ObjectNode chunk = RequestParser.JSON.createObjectNode();
                chunk.put("object", "chat.completion.chunk");
                chunk.putArray("choices").addObject().put("index", 0).putObject("delta").put("content", held);
                out.writeBytes(SseFramer.frame("data: " + chunk));
            }
            out.writeBytes(tail);
            return bufferFactory().wrap(out.toByteArray());
        })).filter(b -> b.readableByteCount() > 0);
        return super.writeAndFlushWith(events.map(Flux::just));
    }

    static byte[] restoreJson(byte[] bytes, Restorer restorer) {
        try {
            JsonNode root = RequestParser.JSON.readTree(bytes);
            for (JsonNode choice : root.path("choices")) {
                JsonNode message = choice.path("message");
                if (message.isObject() && message.path("content").isString()) {
                    ((ObjectNode) message).put("content", restorer.restoreAll(message.path("content").stringValue()));
                }
            }
            return RequestParser.JSON.writeValueAsBytes(root);
        } catch (JacksonException e) {
            return bytes;
        }
    }

    static String restoreEvent(String event, Restorer restorer) {
        if (!event.startsWith("data:") || !event.contains("\"content\"")) {
            return event;
        }
        try {
            JsonNode chunk = RequestParser.JSON.readTree(event.substring(5).trim());
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode delta = choice.path("delta");
                if (delta.isObject() && delta.path("content").isString()) {
                    ((ObjectNode) delta).put("content", restorer.feed(delta.path("content").stringValue()));
                }
            }
            return "data: " + chunk;
        } catch (JacksonException e) {
            return event;
        }
    }
}
