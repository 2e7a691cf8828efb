package io.sovereign.gateway.policy;

import java.util.Map;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.request.Endpoint;

/** What the decision may depend on: never the prompt itself, only what classification concluded about it. */
public record RequestFacts(Endpoint endpoint, String model, Level level, Map<String, Integer> detectorCounts,
                           GatewayPrincipal principal) {
}
