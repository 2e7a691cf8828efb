package io.sovereign.gateway.admin;

import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.policy.PolicyHolder;
import io.sovereign.gateway.shadow.Shadow;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /admin/policy/shadow}: what the candidate policy in shadow would have decided differently since it was
 * loaded, on this replica; 404 (OpenAI-shaped, saying why) when no candidate is in shadow.
 */
public final class ShadowHandler {

    private final PolicyHolder policies;
    private final Shadow shadow;

    public ShadowHandler(PolicyHolder policies, Shadow shadow) {
        this.policies = policies;
        this.shadow = shadow;
    }

    public Mono<ServerResponse> report(ServerRequest request) {
        String live = policies.current().revision();
        return Mono.fromSupplier(() -> shadow.report(live)
                        .orElseThrow(() -> new GatewayError.NotFound("no_candidate_policy", shadow.absence(), null)))
                .flatMap(report -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("x-gateway-policy-revision", live)
                        .bodyValue(RequestParser.JSON.writeValueAsBytes(report)));
    }
}
