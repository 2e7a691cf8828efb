package io.sovereign.gateway.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The client model names a policy offers: {@code auto} plus each target's chat and embedding model. */
public final class ModelCatalog {

    private ModelCatalog() {
    }

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
        policy.targets().values().stream().filter(t -> t.embeddingModel() != null).forEach(t -> out.add(t.embeddingModel()));
        return new ArrayList<>(out);
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
}
