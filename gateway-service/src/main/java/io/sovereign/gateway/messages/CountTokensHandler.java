package io.sovereign.gateway.messages;

import java.util.function.ToLongFunction;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import io.sovereign.gateway.error.GatewayError;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/messages/count_tokens}: {@code {"input_tokens": N}} for a Messages body, counted as the quota and
 * budget stages count the prompt of the same request (the body bridged to chat completions by {@link MessagesToChat},
 * then the gateway's prompt-token count), so what a client is told is what it will be charged against. Nothing is
 * forwarded. A bad body is Anthropic's 400 {@code invalid_request_error} naming the field.
 */
public final class CountTokensHandler {

    private final ToLongFunction<ObjectNode> chatPromptTokens;
    private final int maxBodyBytes;

    /** {@code chatPromptTokens}: the prompt tokens of a chat-completions body, as QUOTA and BUDGET count them. */
    public CountTokensHandler(ToLongFunction<ObjectNode> chatPromptTokens, int maxBodyBytes) {
        this.chatPromptTokens = chatPromptTokens;
        this.maxBodyBytes = maxBodyBytes;
    }

    public Mono<ServerResponse> count(ServerRequest request) {
        return DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), maxBodyBytes)
                .map(CountTokensHandler::drain)
                .defaultIfEmpty(new byte[0])
                .map(this::count)
                .flatMap(tokens -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(("{\"input_tokens\":" + tokens + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The count for a raw body; an invalid one is a 400 the error renderer gives Anthropic's shape. */
    long count(byte[] body) {
        BridgedRequest bridged;
        try {
            bridged = MessagesToChat.translateForCount(body);
        } catch (InvalidMessagesRequest e) {
            throw new GatewayError.InvalidRequest(e.getMessage(), e.param());
        }
        return chatPromptTokens.applyAsLong(bridged.chat());
    }

    private static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
