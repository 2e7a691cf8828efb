package io.sovereign.gateway.conversation;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One response the gateway produced, with the whole conversation input that led to it.
 *
 * @param id       the response id ({@code resp_...}), as in {@code response.id}
 * @param input    every input item of the conversation up to this turn, oldest first: the history a
 *                 {@code previous_response_id} chain had built, then this turn's own input (a string input is
 *                 stored as a user message item), so a follow-up never has to walk the chain
 * @param response the Responses API object returned to the caller (what {@code GET /v1/responses/{id}} answers)
 */
public record StoredResponse(String id, ArrayNode input, ObjectNode response) {

    public StoredResponse {
        if (id == null || !ResponseStore.isWellFormedId(id)) {
            throw new IllegalArgumentException("not a response id: " + id);
        }
        if (input == null || response == null) {
            throw new IllegalArgumentException("a stored response needs its input and its response object");
        }
    }

    /**
     * The conversation a follow-up with {@code previous_response_id = id} continues: this turn's input items, then
     * the items this response produced ({@code response.output}: messages, function calls, reasoning), in order.
     * The caller appends its new input; upstream always gets the whole list, statelessly.
     */
    public List<JsonNode> history() {
        List<JsonNode> items =
                new ArrayList<>(input.size() + response.path("output").size());
        input.forEach(items::add);
        response.path("output").forEach(items::add);
        return items;
    }
}
