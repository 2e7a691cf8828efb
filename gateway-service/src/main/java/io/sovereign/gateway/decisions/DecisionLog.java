package io.sovereign.gateway.decisions;

import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the RECORD stage hands each finished request's audit line to: API calls (POST) become a
 * {@link DecisionRecord} in the {@link DecisionStore}; reads such as {@code GET /v1/models} or {@code GET /v1/me}
 * decide nothing and are not kept. Fire and forget: the store's own future never reaches the request.
 */
public final class DecisionLog implements Consumer<ObjectNode> {

    private final DecisionStore store;

    public DecisionLog(DecisionStore store) {
        this.store = store;
    }

    @Override
    public void accept(ObjectNode auditLine) {
        if (!"POST".equals(auditLine.path("method").asString(null)) || !auditLine.hasNonNull("request_id")) {
            return;
        }
        store.put(DecisionRecord.fromAuditLine(auditLine));
    }
}
