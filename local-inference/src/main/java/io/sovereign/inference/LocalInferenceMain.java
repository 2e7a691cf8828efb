package io.sovereign.inference;

/** Entry point of the on-prem model server (filled in by the local-inference issue). */
public final class LocalInferenceMain {
    public static void main(String[] args) {
        System.err.println("local-inference: not built yet");
        System.exit(2);
    }
}
