package io.sovereign.gateway.policy;

import io.sovereign.gateway.classify.Modality;
import io.sovereign.gateway.money.Price;
import io.sovereign.gateway.route.ParameterProfile;
import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An upstream the policy may send requests to. {@code apiKey} is the target's own credential (the
 * caller's is never forwarded); {@code unavailableReason} is set when the target must not be called,
 * e.g. because its key is not configured. {@code maxOutputTokens} bounds the worst-case cost of a request
 * that sets no output limit (and is sent to the target as that request's cap); {@code maxChoices} is the
 * largest {@code n} a request to this target may ask for. {@code inputs} are the kinds of input it can read
 * (text, image, audio, file). {@code apis} are the wire APIs it speaks natively (policy {@code apis:}); a front-end
 * whose API the target does not speak is bridged to chat completions, which every target speaks.
 */
public record Target(
        String name,
        Location location,
        URI url,
        String model,
        String embeddingModel,
        String apiKey,
        Price price,
        ParameterProfile profile,
        long maxOutputTokens,
        int maxChoices,
        String unavailableReason,
        Set<Modality> inputs,
        Set<Api> apis) {

    /** A wire API a target can speak natively, named in the policy by {@link #id}. */
    public enum Api {
        CHAT("chat"),
        RESPONSES("responses"),
        MESSAGES("messages");

        private final String id;

        Api(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Api byId(String id) {
            for (Api a : values()) {
                if (a.id.equals(id)) {
                    return a;
                }
            }
            return null;
        }

        static List<String> ids() {
            return Arrays.stream(values()).map(Api::id).toList();
        }
    }

    /** What a target speaks when its policy entry does not say: chat completions only. */
    public static final Set<Api> DEFAULT_APIS = Collections.unmodifiableSet(EnumSet.of(Api.CHAT));

    /** With the default APIs ({@link #DEFAULT_APIS}). */
    public Target(
            String name,
            Location location,
            URI url,
            String model,
            String embeddingModel,
            String apiKey,
            Price price,
            ParameterProfile profile,
            long maxOutputTokens,
            int maxChoices,
            String unavailableReason,
            Set<Modality> inputs) {
        this(
                name,
                location,
                url,
                model,
                embeddingModel,
                apiKey,
                price,
                profile,
                maxOutputTokens,
                maxChoices,
                unavailableReason,
                inputs,
                DEFAULT_APIS);
    }

    /** With the default inputs for its location ({@link #defaultInputs}). */
    public Target(
            String name,
            Location location,
            URI url,
            String model,
            String embeddingModel,
            String apiKey,
            Price price,
            ParameterProfile profile,
            long maxOutputTokens,
            int maxChoices,
            String unavailableReason) {
        this(
                name,
                location,
                url,
                model,
                embeddingModel,
                apiKey,
                price,
                profile,
                maxOutputTokens,
                maxChoices,
                unavailableReason,
                defaultInputs(location));
    }

    public Target {
        inputs =
                Collections.unmodifiableSet(inputs.isEmpty() ? EnumSet.noneOf(Modality.class) : EnumSet.copyOf(inputs));
        apis = Collections.unmodifiableSet(apis.isEmpty() ? EnumSet.noneOf(Api.class) : EnumSet.copyOf(apis));
    }

    /**
     * What a target reads when its policy entry does not say ({@code inputs:}): an on-prem target text only (the
     * open models served here, gpt-oss-20b among them, read no images, audio or files), an external API whatever
     * the caller sends (it answers for itself).
     */
    public static Set<Modality> defaultInputs(Location location) {
        return location == Location.ONPREM ? EnumSet.of(Modality.TEXT) : EnumSet.allOf(Modality.class);
    }

    /** The input kinds of a request this target cannot read, in declaration order (empty: it reads them all). */
    public Set<Modality> unreadable(Set<Modality> requested) {
        Set<Modality> out = EnumSet.noneOf(Modality.class);
        for (Modality m : requested) {
            if (!inputs.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** Output cap assumed for budget and quota estimates when a request sets none. */
    public static final long DEFAULT_MAX_OUTPUT_TOKENS = 4096;
    /** Choices per request ({@code n}) allowed when the policy says nothing: each one is paid for. */
    public static final int DEFAULT_MAX_CHOICES = 8;

    public Target(
            String name,
            Location location,
            URI url,
            String model,
            String embeddingModel,
            String apiKey,
            Price price,
            ParameterProfile profile,
            long maxOutputTokens,
            String unavailableReason) {
        this(
                name,
                location,
                url,
                model,
                embeddingModel,
                apiKey,
                price,
                profile,
                maxOutputTokens,
                DEFAULT_MAX_CHOICES,
                unavailableReason);
    }

    /** Whether the target speaks {@code api} natively (a passthrough needs no bridge). */
    public boolean speaks(Api api) {
        return apis.contains(api);
    }

    /**
     * Whether a request its caller sent in {@code api} goes to this target in that API's own dialect (a native
     * passthrough) rather than bridged to chat completions: the target speaks the API ({@code apis:}) and the gateway
     * has a passthrough for it ({@link io.sovereign.gateway.request.Api#passthrough()}: Responses). The one place
     * bridge-or-passthrough is decided, per target and so per attempt (a fallback may be bridged where the first
     * target was not); the request encoding and the answer's handlers both ask it.
     */
    public boolean passesThrough(io.sovereign.gateway.request.Api api) {
        Api own = Api.byId(api.id());
        return api.passthrough() != null && own != null && speaks(own);
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
