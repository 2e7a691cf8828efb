package io.sovereign.gateway.classify;

/** Turns a chunk of text into a unit-length sentence embedding. Blocking; may be slow. */
interface Embedder {
    float[] embed(String text);
}
