/**
 * The canonical request: what every API front-end parses its wire body into, once, so that classification,
 * decision, quotas, budgets and forwarding never see a wire type. Plain Java (Jackson trees, no web types).
 *
 * <h2>Shape</h2>
 * {@link io.sovereign.gateway.request.CanonicalRequest}: {@code api} ({@link io.sovereign.gateway.request.Api},
 * the metrics' {@code api} label), the client's {@code model}, the {@code dialect} its JSON {@code body} is in
 * ({@link io.sovereign.gateway.request.Dialect}: chat completions or embeddings, which is what targets are sent),
 * the {@code codec} ({@link io.sovereign.gateway.request.BodyCodec}) that encodes it for a target
 * ({@link io.sovereign.gateway.request.TargetDialect}) and rebuilds it after redaction, the {@code content} the
 * classifier reads (every text with the path it came from, attachments, input kinds), {@code tools},
 * {@code maxOutputTokens}, {@code choices} ({@code n}), {@code stream}, {@code includeUsage}, and a lazily counted
 * prompt-token estimate ({@link io.sovereign.gateway.request.TokenEstimate}: counted only when a quota or budget asks).
 *
 * <h2>Adding a front-end (Responses, Anthropic Messages)</h2>
 * <ol>
 *   <li>Implement {@link io.sovereign.gateway.request.FrontEnd}: {@code api()} ({@code Api.RESPONSES} /
 *       {@code Api.MESSAGES}), {@code path()} ({@code /v1/responses}, {@code /v1/messages}), and {@code parse(byte[])}
 *       (errors take the caller's shape from the path: {@code ErrorResponses.shapeFor}). {@code parse} translates with the
 *       existing pure translators ({@code ResponsesToChat.translate}, {@code MessagesToChat.translate}) and
 *       returns a {@code CanonicalRequest} whose {@code body} is the bridged chat-completions tree,
 *       {@code dialect = Dialect.CHAT_COMPLETIONS}, and whose {@code content} covers every byte that will leave
 *       (the bridged tree: {@code RequestText.content(chatTree)}; add the original body's texts if the
 *       translation drops any). Validation errors are thrown as {@code GatewayError.InvalidRequest} with the
 *       parameter's path.</li>
 *   <li>Encoding: the bridged tree is chat completions, so {@code OpenAiCodec.CHAT} encodes it; if the front-end's
 *       redaction must rebuild its own wire body too, give it its own {@code BodyCodec} whose {@code withTexts}
 *       replaces the texts and calls back into the front-end.</li>
 *   <li>Register it in {@code config.GatewayConfiguration#frontEnds()} and add its path to the gateway route's
 *       {@code Path=} predicate in {@code application.yaml}. Nothing after PARSE changes: the adjudicator, quota,
 *       budget, egress guard and forward read only the canonical request.</li>
 *   <li>The reply: the response side (one stream processor, being rebuilt) translates the chat-completions answer
 *       back with {@code ChatToResponses}/{@code ChatToResponsesStream} or {@code ChatToMessages}/
 *       {@code ChatToMessagesStream}, choosing by {@code CanonicalRequest.api()}; front-end state the reply needs
 *       (the minted response id, {@code ReplyOptions}) belongs in a field added to the canonical request then.</li>
 * </ol>
 */
package io.sovereign.gateway.request;
