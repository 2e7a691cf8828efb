package io.sovereign.gateway.request;

/** The OpenAI endpoints the gateway forwards; {@code id} is how policies and metrics name them. */
public enum Endpoint {
    CHAT_COMPLETIONS("chat.completions", "/chat/completions"),
    EMBEDDINGS("embeddings", "/embeddings");

    private final String id;
    private final String path;

    Endpoint(String id, String path) {
        this.id = id;
        this.path = path;
    }

    public String id() {
        return id;
    }

    /** Path below the API base ({@code /v1}). */
    public String path() {
        return path;
    }

    /** The endpoint a request in {@code dialect} is (policies and metrics name requests by it). */
    public static Endpoint of(io.sovereign.gateway.request.Dialect dialect) {
        return dialect == io.sovereign.gateway.request.Dialect.EMBEDDINGS ? EMBEDDINGS : CHAT_COMPLETIONS;
    }

    public static Endpoint byId(String id) {
        for (Endpoint e : values()) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        return null;
    }
}
