package io.sovereign.gateway.request;

/** The API a caller spoke; {@code id} is the value of the metrics' {@code api} label. */
public enum Api {
    CHAT("chat"),
    RESPONSES("responses"),
    MESSAGES("messages"),
    EMBEDDINGS("embeddings");

    private final String id;

    Api(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * The dialect a request of this API keeps when its target speaks the API natively (a passthrough rather than a
     * bridge to chat completions), or null when the gateway has no passthrough for it: Responses only, so far.
     */
    public Dialect passthrough() {
        return this == RESPONSES ? Dialect.RESPONSES : null;
    }
}
