package io.sovereign.inference.runtime;

/** A model directory or graph the server cannot serve; its message is shown to the operator as is. */
public final class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }
}
