package io.sovereign.gateway.openai;

import io.sovereign.gateway.request.Api;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.FrontEnd;

/** {@code POST /v1/chat/completions}: the caller's body is already in the targets' dialect. */
public final class ChatCompletionsFrontEnd implements FrontEnd {

    @Override
    public Api api() {
        return Api.CHAT;
    }

    @Override
    public String path() {
        return "/v1/chat/completions";
    }

    @Override
    public CanonicalRequest parse(byte[] body) {
        return RequestParser.chat(RequestParser.object(body));
    }
}
