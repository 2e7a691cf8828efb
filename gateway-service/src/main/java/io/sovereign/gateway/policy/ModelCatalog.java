package io.sovereign.gateway.policy;

import io.sovereign.gateway.request.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The client model names a policy offers: {@code auto} plus each target's chat and embedding model, and the
 * aliases ({@code models.aliases}) that stand for one of the chat names.
 */
public final class ModelCatalog {

    private ModelCatalog() {}

    /**
     * How a requested model name is read: {@code model} is the client model name it stands for (itself unless
     * {@code alias} matched it). An unknown name comes back as itself, without alias, to be refused as today.
     */
    public record Resolution(String requested, String model, ModelAlias alias) {

        public boolean aliased() {
            return alias != null;
        }

        /** For explain output and decision notes, e.g. "model 'gpt-5-codex' is an alias of 'auto' (models.aliases 'gpt-5-codex*')". */
        public String note() {
            return alias == null
                    ? null
                    : "model '" + requested + "' is an alias of '" + model + "' (models.aliases '" + alias.pattern()
                            + "')";
        }
    }

    /** One line of {@code GET /v1/models}: {@code aliasOf} is the model an alias resolves to (null for a real name). */
    public record Listed(String id, String ownedBy, String aliasOf) {}

    public static List<String> chatModels(Policy policy) {
        Set<String> out = new LinkedHashSet<>();
        out.add("auto");
        policy.targets().values().forEach(t -> out.add(t.model()));
        return new ArrayList<>(out);
    }

    public static List<String> embeddingModels(Policy policy) {
        Set<String> out = new LinkedHashSet<>();
        if (policy.onpremTarget() != null && policy.onpremTarget().embeddingModel() != null) {
            out.add("auto");
        }
        policy.targets().values().stream()
                .filter(t -> t.embeddingModel() != null)
                .forEach(t -> out.add(t.embeddingModel()));
        return new ArrayList<>(out);
    }

    /**
     * The client model name {@code requested} stands for on {@code endpoint}. A name the policy offers means itself;
     * otherwise the first alias (in file order) that matches. Embeddings take exact names only: vectors of different
     * models do not mix, so an embedding model is never chosen by a pattern.
     */
    public static Resolution resolve(Policy policy, Endpoint endpoint, String requested) {
        if (requested == null
                || endpoint == Endpoint.EMBEDDINGS
                || chatModels(policy).contains(requested)) {
            return new Resolution(requested, requested, null);
        }
        for (ModelAlias alias : policy.aliases()) {
            if (alias.matches(requested)) {
                return new Resolution(requested, alias.model(), alias);
            }
        }
        return new Resolution(requested, requested, null);
    }

    /** The facts with the model name an alias stands for (the same facts when no alias applies). */
    public static RequestFacts resolveFacts(Policy policy, RequestFacts facts) {
        Resolution r = resolve(policy, facts.endpoint(), facts.model());
        return r.aliased()
                ? new RequestFacts(
                        facts.endpoint(), r.model(), facts.level(), facts.detectorCounts(), facts.principal())
                : facts;
    }

    /** Every name for {@code GET /v1/models}, each with the target that owns it. */
    public static List<String[]> all(Policy policy) {
        List<String[]> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        out.add(new String[] {"auto", "gateway"});
        seen.add("auto");
        for (Target t : policy.targets().values()) {
            if (seen.add(t.model())) {
                out.add(new String[] {t.model(), t.name()});
            }
            if (t.embeddingModel() != null && seen.add(t.embeddingModel())) {
                out.add(new String[] {t.embeddingModel(), t.name()});
            }
        }
        return out;
    }

    /**
     * {@link #all} followed by the aliases, each as its pattern with the model it resolves to and the owner of that
     * model ({@code gateway} for {@code auto}).
     */
    public static List<Listed> listing(Policy policy) {
        List<Listed> out = new ArrayList<>();
        for (String[] m : all(policy)) {
            out.add(new Listed(m[0], m[1], null));
        }
        for (ModelAlias a : policy.aliases()) {
            Target t = "auto".equals(a.model()) ? null : policy.targetForChatModel(a.model());
            out.add(new Listed(a.pattern(), t == null ? "gateway" : t.name(), a.model()));
        }
        return out;
    }
}
