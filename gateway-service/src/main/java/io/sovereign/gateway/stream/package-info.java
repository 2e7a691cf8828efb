/**
 * The response-stream processor: every upstream answer, streamed or whole, is framed once, each event's JSON is
 * parsed at most once, and the events run through one ordered chain of {@link io.sovereign.gateway.stream.StreamHandler}s.
 *
 * <h2>The chain ({@link io.sovereign.gateway.stream.StreamPlan#handlers})</h2>
 * <ol>
 *   <li>{@link io.sovereign.gateway.stream.IdleTimeoutNotice}: at an idle timeout, an error event for the caller;</li>
 *   <li>{@link io.sovereign.gateway.stream.UsageCapture}: the upstream's usage (or the generated text to count),
 *       which settles the reservation: the only place an upstream's usage is read;</li>
 *   <li>{@link io.sovereign.gateway.stream.UsageStrip}: removes the usage chunk the gateway asked for when the
 *       caller did not (chat callers only);</li>
 *   <li>{@link io.sovereign.gateway.stream.RestoreRedactions}: placeholders back to the originals (redact rules with
 *       {@code restore: true});</li>
 *   <li>the translator, if the caller's API is not chat completions.</li>
 * </ol>
 * An answer from a target that speaks the caller's API natively ({@code StreamPlan.passthrough}: Responses to a
 * target with {@code apis: [.., responses]}, decided per attempt by {@code policy.Target#passesThrough}) is read in
 * that dialect by the same steps: {@link io.sovereign.gateway.stream.ResponsesUsageCapture} (into the same
 * {@link io.sovereign.gateway.stream.UsageCapture} counts), {@link io.sovereign.gateway.stream.RestoreResponsesRedactions},
 * then the front-end's passthrough handler; nothing is stripped. A handler whose emitted events must wait for work
 * (the stored response a follow-up names) returns it from {@code StreamHandler#pending()}: the adapter writes the
 * bytes of that call only once it is done.
 * Settlement happens on every end ({@link io.sovereign.gateway.stream.StreamEnd}): complete, upstream failure
 * mid-stream, caller gone (charged for what was generated), idle timeout.
 *
 * <h2>Layout</h2>
 * The core ({@code SseFramer}, {@link io.sovereign.gateway.stream.StreamEvent}, {@link io.sovereign.gateway.stream.ResponseStream},
 * the handlers) is plain Java, tested without a server; {@code ProcessedResponse} and
 * {@link io.sovereign.gateway.stream.ResponseStreamFilter} (the SETTLE stage) are the thin Reactor adapter.
 *
 * <h2>Adding a translating handler (Responses, Anthropic Messages)</h2>
 * The chain speaks chat completions up to its end; a translator is the last handler and turns chat chunks into the
 * caller's events. Implement {@link io.sovereign.gateway.stream.StreamHandler}:
 * <ul>
 *   <li>{@code onEvent(event, next)}: for a stream event with {@code event.kind() == DATA}, feed
 *       {@code event.json()} (already parsed; an {@code {"error":...}} chunk included) to the pure translator
 *       (e.g. {@code ChatToResponsesStream.onChunk}) and emit each result with
 *       {@code next.emit(StreamEvent.of(type, json))} instead of passing the chat event on; ignore {@code DONE}; pass
 *       {@code OTHER} (keep-alives) on if the caller's protocol allows them. For a whole answer
 *       ({@code event.isWhole()}), emit {@code StreamEvent.answer(translatedJson)} instead.</li>
 *   <li>{@code onEnd(end, next)}: emit the closing events ({@code end()} / {@code finish()} on {@code COMPLETE}; on
 *       {@code IDLE_TIMEOUT} the error chunk of {@code IdleTimeoutNotice} has already passed through {@code onEvent};
 *       on {@code UPSTREAM_FAILED} a failure event). On {@code CALLER_GONE} nothing is written.</li>
 * </ul>
 * Hand it to the chain from the front-end's stage with
 * {@link io.sovereign.gateway.stream.ResponseStreamFilter#translateWith(org.springframework.web.server.ServerWebExchange,
 * io.sovereign.gateway.stream.StreamHandler)} (one instance per request). With a translator the usage chunk is
 * not stripped: the translator sees it and reports usage in its own shape. Usage capture and settlement need
 * nothing from it.
 */
package io.sovereign.gateway.stream;
