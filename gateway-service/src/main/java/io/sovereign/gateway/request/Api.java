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
}
