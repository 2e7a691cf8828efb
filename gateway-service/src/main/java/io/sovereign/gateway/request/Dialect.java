package io.sovereign.gateway.request;

/**
 * The wire dialect a target is sent. A canonical request's JSON tree is in chat completions or embeddings (a
 * Responses or Messages request is bridged to chat completions); a target that speaks the caller's API natively
 * ({@link TargetDialect#passthrough()}) is sent that API's own dialect instead ({@link Api#passthrough()}).
 */
public enum Dialect {
    CHAT_COMPLETIONS("/chat/completions"),
    EMBEDDINGS("/embeddings"),
    RESPONSES("/responses");

    private final String path;

    Dialect(String path) {
        this.path = path;
    }

    /** Path below a target's API base ({@code /v1}). */
    public String path() {
        return path;
    }
}
