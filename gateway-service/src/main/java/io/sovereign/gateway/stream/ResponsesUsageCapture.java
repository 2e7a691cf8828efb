package io.sovereign.gateway.stream;

import tools.jackson.databind.JsonNode;

/**
 * {@link UsageCapture}'s reader for an answer in the Responses dialect (a target that speaks it natively): the
 * {@code usage} of a whole {@code response} object, or of the {@code response} a stream's final event carries
 * ({@code response.completed}, {@code .incomplete}, {@code .failed}); and, for an answer cut short, the text of
 * the {@code response.output_text.delta} events (or the output text of a whole answer) to count.
 */
public final class ResponsesUsageCapture implements StreamHandler {

    private final UsageCapture into;

    public ResponsesUsageCapture(UsageCapture into) {
        this.into = into;
    }

    @Override
    public void onEvent(StreamEvent event, Downstream next) {
        JsonNode json = event.kind() == StreamEvent.Kind.DATA ? event.json() : null;
        if (json != null && json.isObject()) {
            if (event.isWhole()) {
                read(json);
            } else {
                String type = json.path("type").asString("");
                if (type.equals("response.output_text.delta")
                        && json.path("delta").isString()) {
                    into.generated(json.get("delta").stringValue());
                } else if (json.path("response").isObject()
                        && (type.equals("response.completed")
                                || type.equals("response.incomplete")
                                || type.equals("response.failed"))) {
                    usage(json.get("response").get("usage"));
                }
            }
        }
        next.emit(event);
    }

    private void read(JsonNode response) {
        usage(response.get("usage"));
        for (JsonNode item : response.path("output")) {
            for (JsonNode part : item.path("content")) {
                if (part.path("type").asString("").equals("output_text")
                        && part.path("text").isString()) {
                    into.generated(part.get("text").stringValue());
                }
            }
        }
    }

    private void usage(JsonNode u) {
        if (u != null && u.isObject()) {
            into.report(new UsageCapture.Usage(
                    u.path("input_tokens").asLong(0),
                    u.path("input_tokens_details").path("cached_tokens").asLong(0),
                    u.path("output_tokens").asLong(0)));
        }
    }
}
