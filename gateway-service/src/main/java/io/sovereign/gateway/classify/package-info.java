/**
 * Sensitive-data classification core (plain Java, no Spring types).
 *
 * <p>Flow: {@link io.sovereign.gateway.classify.RequestText} extracts every string of an OpenAI request body
 * (all that would leave the building) as {@link io.sovereign.gateway.classify.TextSegment}s;
 * {@link io.sovereign.gateway.classify.Classifier}, built once per policy revision from
 * {@link io.sovereign.gateway.classify.ClassifierSettings}, normalises each segment (NFKC, format characters
 * removed, Unicode digits/dashes/spaces folded), runs the cheap detectors (validated patterns, secrets,
 * dictionaries) over it and over decoded base64/hex runs, then, if configured and still useful, the semantic
 * topic detector; the {@link io.sovereign.gateway.classify.Classification} holds the highest
 * {@link io.sovereign.gateway.classify.Level}, detector counts and value-free
 * {@link io.sovereign.gateway.classify.Finding}s. {@link io.sovereign.gateway.classify.Redactor} turns findings
 * into typed placeholders and a streaming {@link io.sovereign.gateway.classify.Restorer}.
 *
 * <p>Fail closed: a semantic timeout, budget overrun or model failure yields RESTRICTED; the cheap part does
 * not catch its own exceptions, and the caller treats any exception from {@code classify} as RESTRICTED.
 * Matched values never appear in toString, logs or exception messages.
 */
package io.sovereign.gateway.classify;
