package io.sovereign.gateway.policy;

import java.net.URI;

import io.sovereign.gateway.budget.Price;
import io.sovereign.gateway.route.ParameterProfile;

/**
 * An upstream the policy may send requests to. {@code apiKey} is the target's own credential (the
 * caller's is never forwarded); {@code unavailableReason} is set when the target must not be called,
 * e.g. because its key is not configured. {@code maxOutputTokens} bounds the worst-case cost of a request
 * that sets no output limit (and is sent to the target as that request's cap); {@code maxChoices} is the
 * largest {@code n} a request to this target may ask for.
 */
public record Target(String name, Location location, URI url, String model, String embeddingModel,
                     String apiKey, Price price, ParameterProfile profile, long maxOutputTokens, int maxChoices,
                     String unavailableReason) {

    /** Output cap assumed for budget and quota estimates when a request sets none. */
    public static final long DEFAULT_MAX_OUTPUT_TOKENS = 4096;
    /** Choices per request ({@code n}) allowed when the policy says nothing: each one is paid for. */
    public static final int DEFAULT_MAX_CHOICES = 8;

    public Target(String name, Location location, URI url, String model, String embeddingModel,
                  String apiKey, Price price, ParameterProfile profile, long maxOutputTokens, String unavailableReason) {
        this(name, location, url, model, embeddingModel, apiKey, price, profile, maxOutputTokens, DEFAULT_MAX_CHOICES,
                unavailableReason);
    }

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
