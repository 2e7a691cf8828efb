package io.sovereign.gateway.admin;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.auth.PrincipalAuthentication;
import io.sovereign.gateway.error.GatewayError;
import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyHolder;
import io.sovereign.gateway.request.Api;
import io.sovereign.gateway.request.Endpoint;
import io.sovereign.gateway.request.FrontEnd;
import io.sovereign.gateway.request.FrontEnds;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /admin/policy/explain}: the decision record for a request body, nothing forwarded. */
public final class AdminHandlers {

    private final PolicyHolder policies;
    private final Explainer explainer;
    private final int maxBodyBytes;

    private final FrontEnds frontEnds;

    public AdminHandlers(PolicyHolder policies, Explainer explainer, int maxBodyBytes) {
        this(policies, explainer, maxBodyBytes, null);
    }

    /** {@code frontEnds}: the API front-ends, for explaining a body of any API ({@code ?api=}). */
    public AdminHandlers(PolicyHolder policies, Explainer explainer, int maxBodyBytes, FrontEnds frontEnds) {
        this.policies = policies;
        this.explainer = explainer;
        this.maxBodyBytes = maxBodyBytes;
        this.frontEnds = frontEnds;
    }

    /** Decides as the caller, or as {@code ?user=&team=} (an admin checking someone else's routing). */
    public Mono<ServerResponse> explain(ServerRequest request) {
        String endpointParam = request.queryParam("endpoint").orElse(null);
        return request.principal()
                .cast(PrincipalAuthentication.class)
                .map(PrincipalAuthentication::principal)
                .zipWith(DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), maxBodyBytes)
                        .map(io.sovereign.gateway.pipeline.ParseFilter::drain)
                        .defaultIfEmpty(new byte[0]))
                .flatMap(t -> {
                    GatewayPrincipal caller = t.getT1();
                    GatewayPrincipal as = request.queryParam("user").isPresent()
                                    || request.queryParam("team").isPresent()
                            ? new GatewayPrincipal(
                                    request.queryParam("user").orElse(caller.user()),
                                    request.queryParam("team").orElse(caller.team()),
                                    java.util.Set.of(),
                                    caller.roles(),
                                    caller.method())
                            : caller;
                    byte[] body = t.getT2();
                    Policy policy = policies.current();
                    String apiParam = request.queryParam("api").orElse(null);
                    Mono<ObjectNode> explained = apiParam != null
                            ? explainer.explain(policy, frontEnd(apiParam), body, as)
                            : explainer.explain(policy, endpoint(endpointParam, body), body, as);
                    return explained.flatMap(record -> ServerResponse.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .header("x-gateway-policy-revision", policy.revision())
                            .bodyValue(RequestParser.JSON.writeValueAsBytes(record)));
                });
    }

    /** {@code ?api=chat|responses|messages|embeddings}: which API's front-end reads the body. */
    private FrontEnd frontEnd(String param) {
        for (Api api : Api.values()) {
            if (api.id().equals(param) && frontEnds != null) {
                return frontEnds.forApi(api);
            }
        }
        throw new GatewayError.InvalidRequest(
                "Unknown api '" + param + "'; use chat, responses, messages or embeddings.", "api");
    }

    private static Endpoint endpoint(String param, byte[] body) {
        if (param != null) {
            Endpoint e = Endpoint.byId(param);
            if (e == null) {
                throw new GatewayError.InvalidRequest(
                        "Unknown endpoint '" + param + "'; use chat.completions or embeddings.", "endpoint");
            }
            return e;
        }
        // an embeddings body has "input" and no "messages"
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return text.contains("\"messages\"") || !text.contains("\"input\"")
                ? Endpoint.CHAT_COMPLETIONS
                : Endpoint.EMBEDDINGS;
    }
}
