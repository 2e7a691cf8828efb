package io.sovereign.gateway.openai;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import io.sovereign.gateway.policy.ModelCatalog;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyHolder;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /v1/models}: the client model names the live policy offers, not whatever an upstream lists. */
public final class ModelsHandler {

    private final PolicyHolder policies;
    private volatile Policy renderedFor;
    private volatile byte[] rendered;

    public ModelsHandler(PolicyHolder policies) {
        this.policies = policies;
    }

    public Mono<ServerResponse> list(ServerRequest request) {
        Policy policy = policies.current();
        if (policy != renderedFor) {
            rendered = render(policy);
            renderedFor = policy;
        }
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .header("x-gateway-policy-revision", policy.revision()).bodyValue(rendered);
    }

    static byte[] render(Policy policy) {
        ObjectNode root = RequestParser.JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String[] model : ModelCatalog.all(policy)) {
            ObjectNode m = data.addObject();
            m.put("id", model[0]);
            m.put("object", "model");
            m.put("created", 0);
            m.put("owned_by", model[1]);
        }
        return RequestParser.JSON.writeValueAsBytes(root);
    }
}
