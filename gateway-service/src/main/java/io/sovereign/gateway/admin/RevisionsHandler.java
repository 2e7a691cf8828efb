package io.sovereign.gateway.admin;

import io.sovereign.gateway.openai.RequestParser;
import io.sovereign.gateway.policy.PolicyHolder;
import io.sovereign.gateway.policy.RevisionHistory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /admin/policy/revisions}: what this replica loaded or refused since it started, oldest first. */
public final class RevisionsHandler {

    private final PolicyHolder policies;

    public RevisionsHandler(PolicyHolder policies) {
        this.policies = policies;
    }

    public Mono<ServerResponse> list(ServerRequest request) {
        String live = policies.current().revision();
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header("x-gateway-policy-revision", live)
                .bodyValue(RequestParser.JSON.writeValueAsBytes(render(live, policies.history())));
    }

    static ObjectNode render(String live, RevisionHistory history) {
        ObjectNode root = RequestParser.JSON.createObjectNode();
        root.put("live_revision", live);
        ArrayNode list = root.putArray("revisions");
        for (RevisionHistory.Entry e : history.entries()) {
            ObjectNode o = list.addObject();
            o.put("revision", e.revision());
            o.put("loaded_at", e.loadedAt().toString());
            o.put("source", e.source());
            o.put("state", e.state().wire());
            o.put("refusal_reason", e.reason());
        }
        return root;
    }
}
