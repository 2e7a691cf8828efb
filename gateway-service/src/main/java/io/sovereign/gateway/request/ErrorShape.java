package io.sovereign.gateway.request;

/** The body shape a front-end's callers expect their errors in (status codes are the same in every shape). */
public enum ErrorShape {
    /** {@code {"error":{"message","type","code","param"}}}: chat completions, embeddings, Responses. */
    OPENAI,
    /** {@code {"type":"error","error":{"type","message"}}}: Anthropic Messages. */
    ANTHROPIC
}
