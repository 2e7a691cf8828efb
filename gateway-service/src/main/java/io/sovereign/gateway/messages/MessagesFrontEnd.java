package io.sovereign.gateway.messages;

import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.request.Api;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.Endpoint;
import io.sovereign.gateway.request.FrontEnd;

/**
 * {@code POST /v1/messages} (Anthropic's wire format): the body is bridged to chat completions by
 * {@link MessagesToChat} once, and the core sees only the bridged tree. Every text that leaves is in that tree
 * (system blocks, text, tool definitions, tool_use inputs as arguments, tool_result contents, documents), so the
 * classifier reads {@code RequestText.content} of it like a chat request. The caller's {@code max_tokens} is the
 * output cap the budgets reserve. The reply's shape ({@link ReplyOptions}) travels in the request's codec
 * ({@link MessagesCodec}), where {@link MessagesReplyFilter} finds it to translate the answer back.
 */
public final class MessagesFrontEnd implements FrontEnd {

    public static final String PATH = "/v1/messages";

    @Override
    public Api api() {
        return Api.MESSAGES;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public CanonicalRequest parse(byte[] body) {
        BridgedRequest bridged;
        try {
            bridged = MessagesToChat.translate(body);
        } catch (InvalidMessagesRequest e) {
            throw new GatewayError.InvalidRequest(e.getMessage(), e.param());
        }
        return canonical(bridged);
    }

    /** A {@code count_tokens} body: the same translation without the generation fields (nothing is forwarded). */
    public CanonicalRequest parseForCount(byte[] body) {
        BridgedRequest bridged;
        try {
            bridged = MessagesToChat.translateForCount(body);
        } catch (InvalidMessagesRequest e) {
            throw new GatewayError.InvalidRequest(e.getMessage(), e.param());
        }
        return canonical(bridged);
    }

    private static CanonicalRequest canonical(BridgedRequest bridged) {
        // the bridged tree is a chat body: the chat checks apply, then the request is marked as the caller's API
        CanonicalRequest chat = RequestParser.of(Endpoint.CHAT_COMPLETIONS, bridged.chat());
        return MessagesCodec.rebuild(chat, new MessagesCodec(bridged.reply()));
    }
}
