package io.sovereign.gateway.policy;

import io.sovereign.gateway.auth.GatewayPrincipal;
import io.sovereign.gateway.classify.Level;
import io.sovereign.gateway.request.Endpoint;
import java.util.Map;

/** What the decision may depend on: never the prompt itself, only what classification concluded about it. */
public record RequestFacts(
        Endpoint endpoint,
        String model,
        Level level,
        Map<String, Integer> detectorCounts,
        GatewayPrincipal principal) {}
