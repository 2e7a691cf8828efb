package io.sovereign.inference.engine;

/** The caller's handle on a submitted generation. */
public interface GenerationHandle {
    /** Stops the generation at the next step and frees its slot (the client went away). */
    void cancel();
}
