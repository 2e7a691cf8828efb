package io.sovereign.gateway.messages;

import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.policy.ModelCatalog;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.Endpoint;
import io.sovereign.gateway.request.PromptCounter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/messages/count_tokens}: {@code {"input_tokens": N}} for a Messages body, counted as the quota and
 * budget stages count the prompt of the same request: the body parsed by the Messages front-end into the canonical
 * request, whose prompt tokens the same {@link PromptCounter} counts, so what a client is told is what it will be
 * charged against. The model must exist (after the policy's aliases) as for {@code POST /v1/messages}. Nothing is
 * forwarded. A bad body is Anthropic's 400 {@code invalid_request_error} naming the field.
 */
public final class CountTokensHandler {

    private final MessagesFrontEnd frontEnd = new MessagesFrontEnd();
    private final PromptCounter counter;
    private final Supplier<Policy> policy;
    private final int maxBodyBytes;

    /** {@code counter}: the prompt-token counter QUOTA and BUDGET use; {@code policy}: the live policy. */
    public CountTokensHandler(PromptCounter counter, Supplier<Policy> policy, int maxBodyBytes) {
        this.counter = counter;
        this.policy = policy;
        this.maxBodyBytes = maxBodyBytes;
    }

    public Mono<ServerResponse> count(ServerRequest request) {
        return DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), maxBodyBytes)
                .map(io.sovereign.gateway.pipeline.ParseFilter::drain)
                .defaultIfEmpty(new byte[0])
                .map(this::count)
                .flatMap(tokens -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(("{\"input_tokens\":" + tokens + "}").getBytes(StandardCharsets.UTF_8)));
    }

    /** The count for a raw body; an invalid one is a 400, an unknown model a 404, rendered in Anthropic's shape. */
    long count(byte[] body) {
        CanonicalRequest request = frontEnd.parseForCount(body);
        checkModel(policy.get(), request.model());
        return request.promptTokens(counter);
    }

    /** The model (or what its alias stands for) is {@code auto} or one the policy offers, as the POST requires. */
    static void checkModel(Policy policy, String model) {
        String resolved =
                ModelCatalog.resolve(policy, Endpoint.CHAT_COMPLETIONS, model).model();
        if (!"auto".equals(resolved) && policy.targetForChatModel(resolved) == null) {
            throw new GatewayError.NotFound(
                    "model_not_found",
                    "The model '" + model
                            + "' does not exist or you do not have access to it; available: "
                            + String.join(", ", ModelCatalog.chatModels(policy)),
                    "model");
        }
    }
}
