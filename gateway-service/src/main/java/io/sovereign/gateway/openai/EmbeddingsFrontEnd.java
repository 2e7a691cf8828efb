package io.sovereign.gateway.openai;

import io.sovereign.gateway.request.Api;
import io.sovereign.gateway.request.CanonicalRequest;
import io.sovereign.gateway.request.FrontEnd;

/** {@code POST /v1/embeddings}: a model and one or more inputs (strings or token arrays). */
public final class EmbeddingsFrontEnd implements FrontEnd {

    @Override
    public Api api() {
        return Api.EMBEDDINGS;
    }

    @Override
    public String path() {
        return "/v1/embeddings";
    }

    @Override
    public CanonicalRequest parse(byte[] body) {
        return RequestParser.embeddings(RequestParser.object(body));
    }
}
