package io.sovereign.inference.engine;

/** Receives a generation's output on the engine thread; implementations must not block. */
public interface GenerationListener {
    /** Newly visible text: {@code content} and {@code reasoning} may each be empty. */
    void onDelta(String content, String reasoning);

    /** The model opened tool call number {@code index} (0, 1, ...) to function {@code name}. */
    default void onToolCall(int index, String name) {}

    /** A piece of tool call {@code index}'s JSON arguments. */
    default void onToolArguments(int index, String json) {}

    void onComplete(GenerationResult result);

    void onError(Exception error);
}
