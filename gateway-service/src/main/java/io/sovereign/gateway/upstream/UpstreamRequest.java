package io.sovereign.gateway.upstream;

import io.sovereign.gateway.policy.Target;
import io.sovereign.gateway.request.Dialect;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;

/**
 * The request as a target sees it: the target's path (without the caller's query string), the rewritten body,
 * and only the headers it needs.
 * The caller's credential, cookies and internal headers never leave; the target's own key replaces them.
 */
final class UpstreamRequest extends ServerHttpRequestDecorator {

    private final HttpHeaders headers = new HttpHeaders();
    private final byte[] body;

    UpstreamRequest(ServerHttpRequest original, Target target, Dialect dialect, byte[] body) {
        // the caller's query string never leaves (it is not classified: "?note=card-..." stays here)
        super(original.mutate()
                .uri(UriComponentsBuilder.fromUri(original.getURI())
                        .replacePath(target.url().getRawPath() + dialect.path())
                        .replaceQuery(null)
                        .build(true)
                        .toUri())
                .build());
        this.body = body;
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(body.length);
        String accept = original.getHeaders().getFirst(HttpHeaders.ACCEPT);
        headers.set(HttpHeaders.ACCEPT, accept == null ? "application/json, text/event-stream" : accept);
        headers.set(HttpHeaders.USER_AGENT, "sovereign-ai-gateway");
        if (target.apiKey() != null && !target.apiKey().isEmpty()) {
            headers.setBearerAuth(target.apiKey());
        }
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }

    @Override
    public Flux<DataBuffer> getBody() {
        return Flux.defer(() -> Flux.just(bufferFactory().wrap(body)));
    }

    private org.springframework.core.io.buffer.DataBufferFactory bufferFactory() {
        return org.springframework.core.io.buffer.DefaultDataBufferFactory.sharedInstance;
    }
}
