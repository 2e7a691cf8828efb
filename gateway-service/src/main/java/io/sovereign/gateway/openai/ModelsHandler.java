package io.sovereign.gateway.openai;

import io.sovereign.gateway.policy.ModelCatalog;
import io.sovereign.gateway.policy.Policy;
import io.sovereign.gateway.policy.PolicyHolder;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/models}: the client model names the live policy offers, not whatever an upstream lists, and its
 * aliases with the name each resolves to. In the Anthropic shape when the caller sends {@code anthropic-version}
 * (Anthropic SDKs and Claude Code do), otherwise in the OpenAI shape.
 */
public final class ModelsHandler {

    /** Every name exists as long as the policy does; the wire formats want a creation time, so: the epoch. */
    private static final String EPOCH = "1970-01-01T00:00:00Z";

    private final PolicyHolder policies;
    private volatile Rendered rendered;

    private record Rendered(Policy policy, byte[] openai, byte[] anthropic) {}

    public ModelsHandler(PolicyHolder policies) {
        this.policies = policies;
    }

    public Mono<ServerResponse> list(ServerRequest request) {
        Policy policy = policies.current();
        Rendered r = rendered;
        if (r == null || r.policy() != policy) {
            r = new Rendered(policy, render(policy), renderAnthropic(policy));
            rendered = r;
        }
        boolean anthropic = request.headers().firstHeader("anthropic-version") != null;
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header("x-gateway-policy-revision", policy.revision())
                .bodyValue(anthropic ? r.anthropic() : r.openai());
    }

    static byte[] render(Policy policy) {
        ObjectNode root = RequestParser.JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (ModelCatalog.Listed model : ModelCatalog.listing(policy)) {
            ObjectNode m = data.addObject();
            m.put("id", model.id());
            m.put("object", "model");
            m.put("created", 0);
            m.put("owned_by", model.ownedBy());
            if (model.aliasOf() != null) {
                m.put("alias_of", model.aliasOf());
            }
        }
        return RequestParser.JSON.writeValueAsBytes(root);
    }

    /** {@code {"data":[{"type":"model","id","display_name","created_at"}],"has_more":false,"first_id","last_id"}}. */
    static byte[] renderAnthropic(Policy policy) {
        List<ModelCatalog.Listed> models = ModelCatalog.listing(policy);
        ObjectNode root = RequestParser.JSON.createObjectNode();
        ArrayNode data = root.putArray("data");
        for (ModelCatalog.Listed model : models) {
            ObjectNode m = data.addObject();
            m.put("type", "model");
            m.put("id", model.id());
            m.put(
                    "display_name",
                    model.aliasOf() != null
                            ? model.id() + " (alias of " + model.aliasOf() + ")"
                            : "auto".equals(model.id()) ? "auto (the policy's rules pick the target)" : model.id());
            m.put("created_at", EPOCH);
        }
        root.put("has_more", false);
        root.put("first_id", models.isEmpty() ? null : models.get(0).id());
        root.put(
                "last_id",
                models.isEmpty() ? null : models.get(models.size() - 1).id());
        return RequestParser.JSON.writeValueAsBytes(root);
    }
}
