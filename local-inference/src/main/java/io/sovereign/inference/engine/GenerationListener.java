package io.sovereign.inference.engine;

/** Receives a generation's output on the engine thread; implementations must not block. */
public interface GenerationListener {
    /** Newly visible text: {@code content} and {@code reasoning} may each be empty. */
    void onDelta(String content, String reasoning);

    void onComplete(GenerationResult result);

    void onError(Exception error);
}
