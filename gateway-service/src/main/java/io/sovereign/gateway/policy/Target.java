package io.sovereign.gateway.policy;

import java.net.URI;

import io.sovereign.gateway.budget.Price;
import io.sovereign.gateway.route.ParameterProfile;

/**
 * An upstream the policy may send requests to. {@code apiKey} is the target's own credential (the
 * caller's is never forwarded); {@code unavailableReason} is set when the target must not be called,
 * e.g. because its key is not configured. {@code maxOutputTokens} bounds the worst-case cost of a request
 * that sets no output limit.
 */
public record Target(String name, Location location, URI url, String model, String embeddingModel,
                     String apiKey, Price price, ParameterProfile profile, long maxOutputTokens, String unavailableReason) {

    /** Output cap assumed for budget and quota estimates when a request sets none. */
    public static final long DEFAULT_MAX_OUTPUT_TOKENS = 4096;

    public boolean external() {
        return location == Location.EXTERNAL;
    }

    public boolean available() {
        return unavailableReason == null;
    }

    @Override
    public String toString() {
        return "Target[" + name + ", " + location.id() + ", " + url + ", model=" + model
                + (apiKey == null || apiKey.isEmpty() ? "" : ", apiKey=***") + "]";
    }
}
