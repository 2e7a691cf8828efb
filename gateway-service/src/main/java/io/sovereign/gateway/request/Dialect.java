package io.sovereign.gateway.request;

/**
 * The wire dialect a canonical request's JSON tree is in, and so what a target is sent: today every target speaks
 * OpenAI chat completions or embeddings (a Responses or Messages request is bridged to chat completions).
 */
public enum Dialect {
    CHAT_COMPLETIONS("/chat/completions"),
    EMBEDDINGS("/embeddings");

    private final String path;

    Dialect(String path) {
        this.path = path;
    }

    /** Path below a target's API base ({@code /v1}). */
    public String path() {
        return path;
    }
}
