/**
 * The OpenAI Responses API bridged to chat completions, as plain translators over Jackson trees (no web
 * types): {@link io.sovereign.gateway.responses.ResponsesToChat} turns a request plus the stored items of
 * the conversation into a chat request (and says what it left out); {@link io.sovereign.gateway.responses.ChatToResponses}
 * turns a chat completion into a {@code response} object, and {@link io.sovereign.gateway.responses.ChatToResponsesStream}
 * does the same for a stream, chunk by chunk. A front-end wires them: it mints the response id, loads the
 * history named by {@code previous_response_id}, maps {@link io.sovereign.gateway.responses.ResponsesRequestError}
 * to a 400 with its {@code param}, feeds each parsed upstream SSE chunk to the stream translator (and
 * {@code end()} on {@code [DONE]}, {@code fail()} when the upstream dies), and stores history + input +
 * output under the new id.
 *
 * <p>Served: {@link io.sovereign.gateway.responses.ResponsesFrontEnd} is that front-end ({@code POST /v1/responses}):
 * it reads the stored history and item references for the caller, translates, and carries the turn
 * ({@link io.sovereign.gateway.responses.ResponsesTurn}, the request's codec) to the answer, which
 * {@link io.sovereign.gateway.responses.ResponsesTranslator} (the stream processor's last handler, installed by
 * {@link io.sovereign.gateway.responses.ResponsesReplyFilter}) turns back into Responses events and stores.
 *
 * <p>Native: a target that speaks the Responses API ({@code apis: [chat, responses]}) is sent the turn's
 * {@link io.sovereign.gateway.responses.StatelessRequest} body instead (the whole conversation as input,
 * {@code store: false}, hosted tools kept; classified and redacted with the rest), and its answer goes through
 * {@link io.sovereign.gateway.responses.ResponsesPassthrough} (the gateway's id, stored before the final event).
 */
package io.sovereign.gateway.responses;
